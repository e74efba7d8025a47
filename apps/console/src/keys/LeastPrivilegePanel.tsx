import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import type { ApiKey } from '../api/types';
import { useApi } from '../session/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { narrowingDiff } from './narrowing';

const codes = (items: readonly string[]) => items.map((i) => <code key={i}>{i}</code>);

/**
 * "Least privilege" (ADR 0026): what the key was granted and did not use over the last 30 days, and
 * "Narrow this key", which previews the change (old → new) and, confirmed, sends the ordinary PATCH
 * (recorded as `key.updated` with its diff). Every role reads it (ADR 0019); only managers narrow.
 */
export function LeastPrivilegePanel({
  apiKey,
  canNarrow,
  onNarrowed,
}: {
  apiKey: ApiKey;
  /** The person may change the key (owner, admin): "Narrow this key" is offered. */
  canNarrow: boolean;
  onNarrowed(): Promise<unknown>;
}) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const recommendation = useQuery({
    queryKey: ['recommendation', apiKey.id, apiKey.updated_at],
    queryFn: () => api.keys.recommendation(apiKey.id),
  });
  const r = recommendation.data;
  const diff = r ? narrowingDiff(apiKey, r.proposed) : [];

  async function narrow() {
    if (!r) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.keys.update(apiKey.id, r.proposed);
      setOpen(false);
      toast.success(`“${apiKey.name}” narrowed to what it uses.`);
      await onNarrowed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="least-privilege-title" className="card">
      <h2 id="least-privilege-title">Least privilege</h2>
      <ErrorNotice error={recommendation.error} />
      {recommendation.isPending && <p role="status">Comparing grants with use…</p>}
      {r && r.requests === 0 && (
        <p>
          No use in the last {r.window_days} days: nothing tells what this key needs. Consider revoking it.
        </p>
      )}
      {r && r.requests > 0 && (
        <>
          <p>
            {r.requests} requests in the last {r.window_days} days.
          </p>
          <dl className="settings">
            <dt>Unused scopes</dt>
            <dd className="code-list">{r.unused_scopes.length ? codes(r.unused_scopes) : 'none'}</dd>
            <dt>Paths never matched</dt>
            <dd className="code-list">{r.unmatched_paths.length ? codes(r.unmatched_paths) : 'none'}</dd>
            <dt>Addresses never seen</dt>
            <dd className="code-list">{r.unseen_ips.length ? codes(r.unseen_ips) : 'none'}</dd>
            <dt>Rate limit</dt>
            <dd>
              peak {r.rate_limit.observed_peak} per {r.rate_limit.current.window_seconds} s
              {r.rate_limit.suggested
                ? `; ${r.rate_limit.suggested.limit} would leave room (now ${r.rate_limit.current.limit})`
                : ''}
            </dd>
          </dl>
          {diff.length === 0 ? (
            <p>This key uses what it is granted.</p>
          ) : (
            canNarrow && (
              <>
                <button type="button" className="primary" onClick={() => setOpen(true)}>
                  Narrow this key
                </button>
                <ConfirmDialog
                  open={open}
                  title={`Narrow “${apiKey.name}”?`}
                  consequence={`Only what the key did not use in the last ${r.window_days} days is removed. A request it has not made before may be refused afterwards.`}
                  confirmLabel={busy ? 'Saving…' : 'Apply'}
                  pending={busy}
                  error={error}
                  onConfirm={() => void narrow()}
                  onCancel={() => {
                    setError(undefined);
                    setOpen(false);
                  }}
                >
                  <table className="narrowing-diff" aria-label="Changes">
                    <thead>
                      <tr>
                        <th scope="col">Field</th>
                        <th scope="col">Now</th>
                        <th scope="col">After</th>
                      </tr>
                    </thead>
                    <tbody>
                      {diff.map((row) => (
                        <tr key={row.field}>
                          <th scope="row">{row.field}</th>
                          <td>
                            <del>{row.before}</del>
                          </td>
                          <td>
                            <ins>{row.after}</ins>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ConfirmDialog>
              </>
            )
          )}
        </>
      )}
    </section>
  );
}
