import type { ApiKey } from './api-key.entity';

const DAY_MS = 86_400_000;

/** What dormancy reads of a key. */
export type DormancyClock = Pick<ApiKey, 'status' | 'createdAt' | 'lastUsedAt' | 'enabledAt' | 'expiresAt'>;

/**
 * Since when a key counts as unused: its last use, or its creation when never used, or when it was
 * last enabled, whichever is latest (enabling restarts the clock without inventing a use).
 */
export function unusedSince(key: DormancyClock): Date {
  let since = key.createdAt.getTime();
  if (key.lastUsedAt) since = Math.max(since, key.lastUsedAt.getTime());
  if (key.enabledAt) since = Math.max(since, key.enabledAt.getTime());
  return new Date(since);
}

/**
 * Is an active key due to be disabled as dormant at `now` under `dormantAfterDays` (null: the
 * policy is off)? Only a key that still works (active, not past its expiry) becomes dormant.
 */
export function dormancyDue(key: DormancyClock, dormantAfterDays: number | null, now: Date): boolean {
  if (dormantAfterDays === null || key.status !== 'active') return false;
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return false;
  return now.getTime() - unusedSince(key).getTime() >= dormantAfterDays * DAY_MS;
}
