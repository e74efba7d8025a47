import { useState } from 'react';
import { toast } from 'sonner';
import type { RevokeResult } from '../api/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { TextField } from '../ui/TextField';
import { revokeEach, revokeSummary, type KeyRef, type RevokeOutcome } from './bulk-revoke';

const plural = (n: number) => `${n} key${n === 1 ? '' : 's'}`;

/**
 * "Revoke N keys": a confirmation stating the count and the consequence, with a reason for the audit
 * trail; then each key is revoked (the API revokes one per call) with progress and a result per
 * key, failures with their request id. Focus returns to the button that opened it.
 */
export function BulkRevokeDialog({
  keys,
  revoke,
  onFinished,
}: {
  keys: readonly KeyRef[];
  revoke(id: string, reason: string): Promise<RevokeResult>;
  /** After the last key, with every outcome (the page refreshes its list and clears revoked rows). */
  onFinished(outcomes: RevokeOutcome[]): void;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [running, setRunning] = useState(false);
  const [outcomes, setOutcomes] = useState<RevokeOutcome[]>();
  // The keys as confirmed: the selection behind the dialog changes once they are revoked.
  const [target, setTarget] = useState<readonly KeyRef[]>([]);

  function change(next: boolean) {
    if (running) return;
    if (next) setTarget(keys);
    setOpen(next);
    if (!next) {
      setOutcomes(undefined);
      setReason('');
      setReasonError(undefined);
    }
  }

  async function submit() {
    if (!reason.trim())
      return setReasonError('Say why the keys are revoked; the reason goes to the audit trail.');
    setReasonError(undefined);
    setRunning(true);
    setOutcomes([]);
    const all = await revokeEach(target, reason.trim(), revoke, (outcome) =>
      setOutcomes((done) => [...(done ?? []), outcome]),
    );
    setRunning(false);
    const summary = revokeSummary(all);
    if (all.every((o) => o.ok)) toast.success(summary);
    else toast.error(summary);
    onFinished(all);
  }

  const count = target.length;
  return (
    <>
      {/* aria-disabled, not disabled: the button keeps focus when the revoked keys leave the
          selection, so focus has somewhere to return to after the dialog closes. */}
      <button
        type="button"
        className="danger"
        aria-disabled={keys.length === 0}
        onClick={() => keys.length > 0 && change(true)}
      >
        {keys.length === 0 ? 'Revoke selected keys' : `Revoke ${plural(keys.length)}`}
      </button>
      <ConfirmDialog
        open={open}
        title={`Revoke ${plural(count)}?`}
        consequence={
          <>
            Every integration using {count === 1 ? 'this key' : `these ${count} keys`} stops working at once:
            each request with {count === 1 ? 'it' : 'them'} is refused from now on. This cannot be undone.
          </>
        }
        confirmLabel={`Revoke ${plural(count)}`}
        danger
        pending={running}
        onConfirm={() => void submit()}
        onCancel={() => change(false)}
        done={
          outcomes && (
            <>
              <p role="status">
                {running
                  ? `Revoking… ${outcomes.length} of ${count} done.`
                  : `Done: ${revokeSummary(outcomes)}`}
              </p>
              <progress max={count} value={outcomes.length} aria-label="Keys revoked so far" />
              <ul className="bulk-results">
                {outcomes.map((outcome) => (
                  <li key={outcome.key.id} className={outcome.ok ? 'bulk-ok' : 'bulk-failed'}>
                    <strong>{outcome.key.name}</strong>:{' '}
                    {outcome.ok ? (
                      <>
                        revoked ({outcome.result.replicas_confirmed} of {outcome.result.replicas_known}{' '}
                        gateway replicas confirmed)
                      </>
                    ) : (
                      <>
                        not revoked. {outcome.message}
                        {outcome.requestId && (
                          <>
                            {' '}
                            Request id: <code>{outcome.requestId}</code>
                          </>
                        )}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )
        }
      >
        <p>Keys to revoke:</p>
        <ul className="bulk-keys">
          {target.map((key) => (
            <li key={key.id}>{key.name}</li>
          ))}
        </ul>
        <TextField
          id="bulk-revoke-reason"
          label="Reason"
          rows={2}
          value={reason}
          onChange={setReason}
          error={reasonError}
        />
      </ConfirmDialog>
    </>
  );
}
