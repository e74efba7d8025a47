import { checkSecret } from '@latchkey/auth-core';
import type { LeakAction } from '@latchkey/contracts';
import type { LeakReportItem, LeakVerdictView } from '@latchkey/api-routes';

export type LeakLabel = LeakVerdictView['label'];

/**
 * Whether a reported token is worth a lookup: a Latchkey secret by shape AND checksum. Anything
 * else (another vendor's token, a typo, a lookalike with a wrong checksum) is a false positive
 * without touching the database.
 */
export function isCandidate(token: string): boolean {
  return checkSecret(token) === 'ok';
}

/** What a lookup found of a candidate: its key's state as far as the verdict cares, or nothing. */
export interface FoundLeak {
  /** The key is active (not revoked, expired or deleted) and the secret has not ended. */
  live: boolean;
}

/**
 * The verdict on one reported token. Only a live secret is a true positive: a revoked or expired
 * key's secret, or a rotated-away one past its grace end, can do nothing any more, so there is
 * nothing to act on and the report is answered like an unknown token.
 */
export function labelOf(found: FoundLeak | null): LeakLabel {
  return found?.live ? 'true_positive' : 'false_positive';
}

/** The answer for one token: only what the partner program asks for, nothing of the key. */
export function verdictOf(item: LeakReportItem, label: LeakLabel): LeakVerdictView {
  return { token_raw: item.token, token_type: item.type, label };
}

/**
 * The tokens of a report, each once (a reporter may list one token found in several places: the
 * first place is recorded), in the order given.
 */
export function distinctTokens(report: readonly LeakReportItem[]): LeakReportItem[] {
  const seen = new Set<string>();
  return report.filter((item) => !seen.has(item.token) && seen.add(item.token));
}

/** What the key becomes under each leak_action: revoked, quarantined (reads only) or as it was. */
export function effectOf(action: LeakAction): { revoke: boolean; quarantine: boolean } {
  switch (action) {
    case 'revoke':
      return { revoke: true, quarantine: false };
    case 'quarantine':
      return { revoke: false, quarantine: true };
    case 'report':
      return { revoke: false, quarantine: false };
  }
}
