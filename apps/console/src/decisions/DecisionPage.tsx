import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { Decision } from '../api/types';
import { LatchkeyProblemError } from '../api/client';
import { useApi } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatDateTime } from '../ui/format';
import { usePageTitle } from '../ui/page-title';

/** Until the gateway flushes its denial window (10 s by default) the decision is not stored yet. */
const POLL_MS = 2_000;

function codes(items: readonly string[], empty: string) {
  return items.length ? items.map((i) => <code key={i}>{i}</code>) : <span>{empty}</span>;
}

function KeyStateThen({ state }: { state: NonNullable<Decision['key_state']> }) {
  return (
    <section aria-labelledby="state-title">
      <h2 id="state-title">The key when it was decided on</h2>
      <dl className="settings">
        <dt>Status</dt>
        <dd>
          {state.status}
          {state.canary && <span className="badge badge-canary"> canary</span>}
        </dd>
        <dt>Scopes</dt>
        <dd className="code-list">{codes(state.scopes, 'none')}</dd>
        <dt>Allowed paths</dt>
        <dd className="code-list">{codes(state.allowed_paths, 'any path')}</dd>
        <dt>Allowed IPs</dt>
        <dd className="code-list">{codes(state.allowed_ips, 'any address')}</dd>
        <dt>Rate limit</dt>
        <dd>
          {state.rate_limit.limit} requests per {state.rate_limit.window_seconds} s
        </dd>
        <dt>Expires</dt>
        <dd>{formatDateTime(state.expires_at, 'Never')}</dd>
      </dl>
    </section>
  );
}

/** Why the gateway refused a request (ADR 0023), from its decision id. */
export function DecisionPage() {
  const { id = '' } = useParams();
  const api = useApi();
  usePageTitle('Decision');
  const decision = useQuery({
    queryKey: ['decision', id],
    queryFn: () => api.audit.decision(id),
    // A 404 may only mean "not flushed yet": keep asking a while.
    retry: (count, error) => error instanceof LatchkeyProblemError && error.status === 404 && count < 15,
    retryDelay: POLL_MS,
  });
  if (decision.isPending)
    return (
      <p role="status">
        Looking for decision <code>{id}</code>… (refusals reach the audit trail within seconds)
      </p>
    );
  if (decision.error) return <ErrorNotice error={decision.error} />;
  const d = decision.data;
  return (
    <article aria-labelledby="decision-title">
      <p>
        <Link to="/audit">← Audit trail</Link>
      </p>
      <h1 id="decision-title">
        Refused: <code>{d.reason}</code>
      </h1>
      <p data-testid="explanation">{d.explanation}</p>
      <dl className="settings">
        <dt>Answer</dt>
        <dd>
          {d.status} <code>{d.error_code}</code>
        </dd>
        <dt>Key</dt>
        <dd>{d.key_id ? <Link to={`/keys/${encodeURIComponent(d.key_id)}`}>{d.key_id}</Link> : '—'}</dd>
        <dt>Route</dt>
        <dd>
          <code>{d.route}</code>
        </dd>
        {d.required_scope && (
          <>
            <dt>Scope needed</dt>
            <dd>
              <code>{d.required_scope}</code>
            </dd>
          </>
        )}
        {d.rate_limit && (
          <>
            <dt>Limit</dt>
            <dd>
              {d.rate_limit.limit} requests per {d.rate_limit.window_seconds} s
            </dd>
          </>
        )}
        <dt>Request</dt>
        <dd>
          <code>
            {d.method} {d.path}
          </code>{' '}
          from {d.client_ip} (<code>{d.request_id}</code>)
        </dd>
        <dt>When</dt>
        <dd>
          {formatDateTime(d.first_at)}
          {d.count > 1 && (
            <>
              {' '}
              – {formatDateTime(d.last_at)}, {d.count} refusals
            </>
          )}
        </dd>
      </dl>
      {d.key_state && <KeyStateThen state={d.key_state} />}
    </article>
  );
}
