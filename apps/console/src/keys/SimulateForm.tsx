import { useState } from 'react';
import type { Simulation, SimulationRequest } from '../api/types';
import { useApi } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';

const METHODS: SimulationRequest['method'][] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * "What would the gateway answer?": decided by the gateway's own decision functions (ADR 0023),
 * counting nothing against the key.
 */
export function SimulateForm({ keyId }: { keyId: string }) {
  const api = useApi();
  const [method, setMethod] = useState<SimulationRequest['method']>('GET');
  const [path, setPath] = useState('/v1/projects');
  const [ip, setIp] = useState('203.0.113.7');
  const [result, setResult] = useState<Simulation>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  return (
    <section aria-labelledby="simulate-title">
      <h2 id="simulate-title">Simulate a request</h2>
      <p>What the gateway would answer a request with this key, without making it: nothing is counted.</p>
      <form
        className="filters"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            setResult(await api.keys.simulate(keyId, { method, path, ip }));
          } catch (caught) {
            setResult(undefined);
            setError(caught);
          } finally {
            setBusy(false);
          }
        }}
      >
        <div className="filter">
          <label htmlFor="simulate-method">Method</label>
          <select
            id="simulate-method"
            value={method}
            onChange={(e) => setMethod(e.target.value as SimulationRequest['method'])}
          >
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor="simulate-path">Path</label>
          <input id="simulate-path" value={path} onChange={(e) => setPath(e.target.value)} />
        </div>
        <div className="filter">
          <label htmlFor="simulate-ip">Client address</label>
          <input id="simulate-ip" value={ip} onChange={(e) => setIp(e.target.value)} />
        </div>
        <button type="submit" disabled={busy}>
          Simulate
        </button>
      </form>
      <ErrorNotice error={error} />
      {result && (
        <p role="status" data-testid="simulation">
          <strong>
            {result.outcome === 'allowed'
              ? 'Allowed'
              : result.outcome === 'no_route'
                ? `No route (${result.status})`
                : `Refused ${result.status} ${result.error_code ?? ''}`}
          </strong>
          {result.reason && (
            <>
              {' '}
              — <code>{result.reason}</code>
            </>
          )}
          : {result.explanation} {result.rate_limit.remaining} of {result.rate_limit.limit} requests left in
          the window.
        </p>
      )}
    </section>
  );
}
