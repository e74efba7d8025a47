import { useState } from 'react';
import type { BulkRevocation, RevocationPlan } from '../api/types';
import { pluralKeys, type KeyRef } from './bulk-revoke';
import { RevocationPlanSteps } from './RevocationPlanSteps';

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
  // The keys as selected when the dialog opened: the selection behind it changes once they are revoked.
  const [target, setTarget] = useState<readonly KeyRef[]>([]);

  function start() {
    if (keys.length === 0) return;
    setTarget(keys);
    setOpen(true);
  }

  const count = target.length;
  return (
    <>
      {/* aria-disabled, not disabled: the button keeps focus when the revoked keys leave the
          selection, so focus has somewhere to return to after the dialog closes. */}
      <button type="button" className="danger" aria-disabled={keys.length === 0} onClick={start}>
        {keys.length === 0 ? 'Revoke selected keys' : `Revoke ${pluralKeys(keys.length)}`}
      </button>
      <RevocationPlanSteps
        open={open}
        idPrefix="bulk-revoke"
        // The same name through every step: the dialog is about these keys.
        title={() => `Revoke ${pluralKeys(count)}?`}
        consequence={
          <>
            Every integration using {count === 1 ? 'this key' : `these ${count} keys`} stops working at once:
            each request with {count === 1 ? 'it' : 'them'} is refused from now on. This cannot be undone.
          </>
        }
        reviewLabel={`Review ${pluralKeys(count)}`}
        makePlan={(reason) =>
          planRevocation(
            target.map((k) => k.id),
            reason,
          )
        }
        execute={executeRevocation}
        onFinished={onFinished}
        onClose={() => setOpen(false)}
      >
        <p>Selected keys:</p>
        <ul className="bulk-keys">
          {target.map((key) => (
            <li key={key.id}>{key.name}</li>
          ))}
        </ul>
      </RevocationPlanSteps>
    </>
  );
}
