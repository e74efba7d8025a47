import type { RevokeResult } from '../api/types';
import { describeError } from '../api/problem-messages';

export interface KeyRef {
  id: string;
  name: string;
}

/** What became of one key of a bulk revoke. */
export type RevokeOutcome =
  | { key: KeyRef; ok: true; result: RevokeResult }
  | { key: KeyRef; ok: false; message: string; requestId: string | undefined };

/**
 * Revokes the keys one after the other (the API revokes one key per call), reporting each outcome
 * as it comes; a refusal of one key does not stop the others.
 */
export async function revokeEach(
  keys: readonly KeyRef[],
  reason: string,
  revoke: (id: string, reason: string) => Promise<RevokeResult>,
  onOutcome: (outcome: RevokeOutcome, done: number) => void = () => undefined,
): Promise<RevokeOutcome[]> {
  const outcomes: RevokeOutcome[] = [];
  for (const key of keys) {
    let outcome: RevokeOutcome;
    try {
      outcome = { key, ok: true, result: await revoke(key.id, reason) };
    } catch (error) {
      const { message, requestId } = describeError(error);
      outcome = { key, ok: false, message, requestId };
    }
    outcomes.push(outcome);
    onOutcome(outcome, outcomes.length);
  }
  return outcomes;
}

/** The toast's words at the end of a bulk revoke. */
export function revokeSummary(outcomes: readonly RevokeOutcome[]): string {
  const revoked = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - revoked;
  const keys = (n: number) => `${n} key${n === 1 ? '' : 's'}`;
  return failed === 0
    ? `Revoked ${keys(revoked)}.`
    : `Revoked ${keys(revoked)}; ${keys(failed)} could not be revoked.`;
}
