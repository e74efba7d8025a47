import { useEffect, useRef, useState, type ReactNode } from 'react';
import { toast } from 'sonner';
import type { BulkRevocation, RevocationPlan } from '../api/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { TextField } from '../ui/TextField';
import { pluralKeys, revocationSummary } from './bulk-revoke';

/** Where a revocation by plan stands: asking (reason, filter), confirming a dry run, or done. */
export type PlanStep =
  { kind: 'ask' } | { kind: 'confirm'; plan: RevocationPlan } | { kind: 'done'; result: BulkRevocation };

/**
 * A revocation by plan (ADR 0025) in the console's one confirmation dialog: a reason (and what
 * `children` asks, e.g. a filter) → the dry run's keys, counted and listed, to confirm with a red
 * "Revoke N keys" → the plan executed, with what was revoked, what was left and the replicas that
 * confirmed. Nothing is revoked before that confirmation, and exactly the listed keys are.
 */
export function RevocationPlanSteps({
  open,
  idPrefix,
  title,
  consequence,
  reviewLabel,
  makePlan,
  execute,
  onFinished,
  onClose,
  children,
}: {
  open: boolean;
  idPrefix: string;
  /** The dialog's name at each step. */
  title(step: PlanStep): string;
  /** What the first step says will happen (later steps say it with the plan's count). */
  consequence: ReactNode;
  /** The first step's button ("Review 2 keys", "Find keys"). */
  reviewLabel: string;
  /** The dry run; throws to refuse (the problem is shown). */
  makePlan(reason: string): Promise<RevocationPlan>;
  execute(planId: string): Promise<BulkRevocation>;
  onFinished(result: BulkRevocation): void;
  /** Cancel, Close or Escape, at any step. */
  onClose(): void;
  /** The first step's fields, before the reason. */
  children?: ReactNode;
}) {
  const [step, setStep] = useState<PlanStep>({ kind: 'ask' });
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  // The dialog stays mounted between openings: closing it forgets this one, so the next opening
  // starts from the first step (reset on close, not on open, so the first frame is already right).
  function close() {
    setStep({ kind: 'ask' });
    setReason('');
    setReasonError(undefined);
    setError(undefined);
    onClose();
  }

  // When the plan arrives, focus goes to its list, not to the button that asked for it (which now
  // revokes): a second Enter must not revoke keys nobody has read. Tab leads on to Cancel, then Revoke.
  const planList = useRef<HTMLUListElement>(null);
  const statusLine = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (step.kind === 'confirm') (planList.current ?? statusLine.current)?.focus();
  }, [step]);

  async function run(action: () => Promise<void>) {
    setError(undefined);
    setBusy(true);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function review() {
    if (!reason.trim())
      return setReasonError('Say why the keys are revoked; the reason goes to the audit trail.');
    setReasonError(undefined);
    void run(async () => setStep({ kind: 'confirm', plan: await makePlan(reason.trim()) }));
  }

  function confirm(plan: RevocationPlan) {
    void run(async () => {
      const result = await execute(plan.plan_id);
      setStep({ kind: 'done', result });
      toast.success(revocationSummary(result));
      onFinished(result);
    });
  }

  const common = { open, title: title(step), pending: busy, error, onCancel: close };

  if (step.kind === 'ask')
    return (
      <ConfirmDialog
        {...common}
        consequence={consequence}
        confirmLabel={busy ? 'Checking…' : reviewLabel}
        onConfirm={review}
      >
        {children}
        <TextField
          id={`${idPrefix}-reason`}
          label="Reason"
          rows={2}
          value={reason}
          onChange={setReason}
          error={reasonError}
        />
      </ConfirmDialog>
    );

  if (step.kind === 'confirm') {
    const { plan } = step;
    if (plan.count === 0)
      return (
        <ConfirmDialog
          {...common}
          consequence="Nothing is revoked."
          confirmLabel="Close"
          onConfirm={close}
          done={
            <p role="status" tabIndex={-1} ref={statusLine}>
              No key matches: nothing to revoke.
            </p>
          }
        />
      );
    return (
      <ConfirmDialog
        {...common}
        consequence={`${pluralKeys(plan.count)} will be revoked. Every integration using ${plan.count === 1 ? 'it' : 'them'} stops working at once; this cannot be undone.`}
        confirmLabel={busy ? 'Revoking…' : `Revoke ${pluralKeys(plan.count)}`}
        danger
        onConfirm={() => confirm(plan)}
      >
        <ul className="bulk-keys" aria-label="Keys to revoke" tabIndex={-1} ref={planList}>
          {plan.keys.map((key) => (
            <li key={key.id}>
              <strong>{key.name}</strong> <code>{key.prefix}…</code> {key.environment}
            </li>
          ))}
        </ul>
        <p className="hint">
          Only these keys are revoked, even if others match by then. The plan holds until{' '}
          {new Date(plan.expires_at).toLocaleTimeString()}.
        </p>
      </ConfirmDialog>
    );
  }

  const { result } = step;
  return (
    <ConfirmDialog
      {...common}
      consequence="Each request with a revoked key is refused from now on."
      confirmLabel="Close"
      onConfirm={close}
      done={
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
        </>
      }
    />
  );
}
