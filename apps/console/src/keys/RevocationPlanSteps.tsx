import { AlertDialog } from 'radix-ui';
import { useState, type FormEvent, type ReactNode } from 'react';
import { toast } from 'sonner';
import type { BulkRevocation, RevocationPlan } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { TextField } from '../ui/TextField';
import { pluralKeys, revocationSummary } from './bulk-revoke';

/** Where a revocation by plan stands: asking (reason, filter), confirming a dry run, or done. */
export type PlanStep =
  { kind: 'ask' } | { kind: 'confirm'; plan: RevocationPlan } | { kind: 'done'; result: BulkRevocation };

/**
 * The steps of a revocation by plan (ADR 0025), inside a dialog: a reason (and what `children`
 * asks, e.g. a filter) → the dry run's keys, counted and listed, to confirm → the plan executed,
 * with what was revoked, what was left and the replicas that confirmed. Nothing is revoked before
 * the confirmation, and exactly the listed keys are.
 */
export function RevocationPlanSteps({
  idPrefix,
  reviewLabel,
  makePlan,
  execute,
  onFinished,
  step,
  onStep,
  children,
}: {
  idPrefix: string;
  /** The first step's button ("Review 2 keys", "Find keys"). */
  reviewLabel: string;
  /** The dry run; throws to refuse (the problem is shown). */
  makePlan(reason: string): Promise<RevocationPlan>;
  execute(planId: string): Promise<BulkRevocation>;
  onFinished(result: BulkRevocation): void;
  step: PlanStep;
  onStep(step: PlanStep): void;
  children?: ReactNode;
}) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function review(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim())
      return setReasonError('Say why the keys are revoked; the reason goes to the audit trail.');
    setReasonError(undefined);
    setError(undefined);
    setBusy(true);
    try {
      onStep({ kind: 'confirm', plan: await makePlan(reason.trim()) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(plan: RevocationPlan) {
    setError(undefined);
    setBusy(true);
    try {
      const result = await execute(plan.plan_id);
      onStep({ kind: 'done', result });
      toast.success(revocationSummary(result));
      onFinished(result);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (step.kind === 'ask')
    return (
      <form onSubmit={review}>
        {children}
        <TextField
          id={`${idPrefix}-reason`}
          label="Reason"
          rows={2}
          value={reason}
          onChange={setReason}
          error={reasonError}
        />
        <ErrorNotice error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Checking…' : reviewLabel}
          </button>
          <AlertDialog.Cancel asChild>
            <button type="button">Cancel</button>
          </AlertDialog.Cancel>
        </div>
      </form>
    );

  if (step.kind === 'confirm') {
    const { plan } = step;
    return (
      <>
        <p role="status">
          {plan.count === 0
            ? 'No key matches: nothing to revoke.'
            : `${pluralKeys(plan.count)} will be revoked. Every integration using ${plan.count === 1 ? 'it' : 'them'} stops working at once; this cannot be undone.`}
        </p>
        {plan.count > 0 && (
          <ul className="bulk-keys" aria-label="Keys to revoke">
            {plan.keys.map((key) => (
              <li key={key.id}>
                <strong>{key.name}</strong> <code>{key.prefix}…</code> {key.environment}
              </li>
            ))}
          </ul>
        )}
        <p className="hint">
          Only these keys are revoked, even if others match by then. The plan holds until{' '}
          {new Date(plan.expires_at).toLocaleTimeString()}.
        </p>
        <ErrorNotice error={error} />
        <div className="actions">
          {plan.count > 0 && (
            <button type="button" className="danger" disabled={busy} onClick={() => void confirm(plan)}>
              {busy ? 'Revoking…' : `Revoke ${pluralKeys(plan.count)}`}
            </button>
          )}
          <AlertDialog.Cancel asChild>
            <button type="button">Cancel</button>
          </AlertDialog.Cancel>
        </div>
      </>
    );
  }

  const { result } = step;
  return (
    <>
      <p role="status">
        Done: {revocationSummary(result)} {result.replicas_confirmed} of {result.replicas_known} gateway
        replicas confirmed.
      </p>
      <ul className="bulk-results">
        {result.revoked.map((key) => (
          <li key={key.id} className="bulk-ok">
            <strong>{key.name}</strong>: revoked
          </li>
        ))}
        {result.skipped.map((key) => (
          <li key={key.id} className="bulk-failed">
            <strong>{key.name || key.id}</strong>: left as it was (
            {key.reason === 'deleted' ? 'deleted' : 'already revoked'} meanwhile)
          </li>
        ))}
      </ul>
      <div className="actions">
        <AlertDialog.Cancel asChild>
          <button type="button" className="primary">
            Close
          </button>
        </AlertDialog.Cancel>
      </div>
    </>
  );
}
