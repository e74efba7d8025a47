import type { ChainVerification } from '../api/types';

type BreakReason = NonNullable<ChainVerification['first_broken']>['reason'];

/** What a broken link means, in words (each reason `GET /audit/verify` declares). */
export function describeBreak(reason: BreakReason | undefined): string {
  switch (reason) {
    case 'gap':
    case 'prev_hash_mismatch':
      return 'an event before it was removed, inserted or changed';
    case 'hash_mismatch':
      return 'the event was changed after it was stored';
    case 'checkpoint_mismatch':
      return 'the history up to a signed checkpoint was rewritten';
    case 'checkpoint_unsigned':
      return 'a checkpoint is not covered by its signature';
    case 'cut_unsigned':
      return 'the retention cut the chain starts from is not signed';
    case 'cut_discontinuous':
      return 'the retention cut the chain starts from does not join it';
    case 'truncated':
      return 'events after a signed checkpoint are missing';
    default:
      return 'it does not verify';
  }
}

/**
 * The answer of "Verify the hash chain". A good chain is a calm status line; a broken one is an
 * alert in the danger style — it means the trail was tampered with or damaged, and must not look
 * like the everyday answer.
 */
export function ChainVerdict({ result }: { result: ChainVerification }) {
  if (result.ok) {
    const checkpoint = result.latest_checkpoint?.signature_valid ? ', latest signed checkpoint valid' : '';
    return (
      <p role="status" className="notice chain-verdict">
        The chain verifies: {result.checked} events checked{checkpoint}.
      </p>
    );
  }
  const broken = result.first_broken;
  return (
    <div role="alert" className="error chain-verdict chain-broken">
      <p>
        <strong>The hash chain is broken.</strong> At link {broken?.chain_seq ?? '?'}
        {broken?.id ? ` (event ${broken.id})` : ''}: {describeBreak(broken?.reason)}.
      </p>
      <p>
        Events from this link on cannot be trusted as recorded. Keep the trail as it is, export it for
        investigation, and follow the audit runbook in docs/operations.md.
      </p>
    </div>
  );
}
