import { EXPIRY_WARNING_DAYS, type ExpiryWarningDays } from '@latchkey/contracts';

const DAY_MS = 86_400_000;

/**
 * The warning a key with this expiry is due at `now`, or undefined: the tightest threshold
 * (30, 7, 1 days) it is within, unless that one was already sent for this expiry. Only the tightest
 * is sent: a key issued for seven days is warned "7 days", not "30 days" and "7 days" at once, and
 * a threshold passed while a sweep was not running is never sent late (the next one is).
 */
export function dueExpiryWarning(
  expiresAt: Date | null,
  now: Date,
  alreadyWarned: ReadonlySet<number>,
): ExpiryWarningDays | undefined {
  const threshold = tightestThreshold(expiresAt, now);
  if (threshold === undefined || alreadyWarned.has(threshold)) return undefined;
  return threshold;
}

/** The smallest threshold whose window the key is in (still ahead of its expiry), or undefined. */
export function tightestThreshold(expiresAt: Date | null, now: Date): ExpiryWarningDays | undefined {
  if (expiresAt === null) return undefined;
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return undefined;
  let tightest: ExpiryWarningDays | undefined;
  for (const days of EXPIRY_WARNING_DAYS) if (left <= days * DAY_MS) tightest = days;
  return tightest;
}

/** The widest threshold: keys further from their expiry are not looked at. */
export const WIDEST_WARNING_DAYS = Math.max(...EXPIRY_WARNING_DAYS);

/**
 * The threshold as SQL over `expires_at` and a `now` parameter (ascending: the first that holds is
 * the tightest) — the same rule as tightestThreshold, for the sweep's query.
 */
export function tightestThresholdSql(expiresAt: string, now: string): string {
  const ascending = [...EXPIRY_WARNING_DAYS].sort((a, b) => a - b);
  const arms = ascending
    .map((days) => `when ${expiresAt} <= ${now} + interval '${days} days' then ${days}`)
    .join(' ');
  return `(case ${arms} end)`;
}
