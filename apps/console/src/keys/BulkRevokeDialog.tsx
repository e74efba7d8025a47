import { AlertDialog } from 'radix-ui';
import { useState } from 'react';
import type { BulkRevocation, RevocationPlan } from '../api/types';
import { pluralKeys, type KeyRef } from './bulk-revoke';
import { RevocationPlanSteps, type PlanStep } from './RevocationPlanSteps';

/**
 * "Revoke N keys" for the selected keys: a reason, then a dry run of exactly these keys whose plan
 * is shown (count and list) for confirmation, then that plan executed in one change (ADR 0025).
 * Focus returns to the button that opened it.
 */
export function BulkRevokeDialog({
  keys,
  planRevocation,
  executeRevocation,
  onFinished,
}: {
  keys: readonly KeyRef[];
  planRevocation(ids: string[], reason: string): Promise<RevocationPlan>;
  executeRevocation(planId: string): Promise<BulkRevocation>;
  /** After the plan ran (the page refreshes its list and clears revoked rows). */
  onFinished(result: BulkRevocation): void;
}) {
  const [open, setOpen] = useState(false);
  const [step, setStep] = useState<PlanStep>({ kind: 'ask' });
  // The keys as selected when the dialog opened: the selection behind it changes once they are revoked.
  const [target, setTarget] = useState<readonly KeyRef[]>([]);

  function change(next: boolean) {
    if (next) {
      setTarget(keys);
      setStep({ kind: 'ask' });
    }
    setOpen(next);
  }

  const count = step.kind === 'confirm' ? step.plan.count : target.length;
  return (
    <AlertDialog.Root open={open} onOpenChange={change}>
      <AlertDialog.Trigger asChild>
        <button type="button" className="danger" disabled={keys.length === 0}>
          {keys.length === 0 ? 'Revoke selected keys' : `Revoke ${pluralKeys(keys.length)}`}
        </button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="alert-overlay" />
        <AlertDialog.Content className="alert-dialog card">
          {/* The same title through every step: it names the dialog. */}
          <AlertDialog.Title>Revoke {pluralKeys(count)}?</AlertDialog.Title>
          <AlertDialog.Description className="warning">
            Every integration using {count === 1 ? 'this key' : `these ${count} keys`} stops working at once:
            each request with {count === 1 ? 'it' : 'them'} is refused from now on. This cannot be undone.
          </AlertDialog.Description>
          <RevocationPlanSteps
            idPrefix="bulk-revoke"
            reviewLabel={`Review ${pluralKeys(target.length)}`}
            makePlan={(reason) =>
              planRevocation(
                target.map((k) => k.id),
                reason,
              )
            }
            execute={executeRevocation}
            onFinished={onFinished}
            step={step}
            onStep={setStep}
          >
            <p>Selected keys:</p>
            <ul className="bulk-keys">
              {target.map((key) => (
                <li key={key.id}>{key.name}</li>
              ))}
            </ul>
          </RevocationPlanSteps>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
