import { NOTIFICATION_MAX_ATTEMPTS } from '@latchkey/contracts';

/**
 * When a failed delivery is tried again: exponential back-off with full jitter over the upper half
 * (so retries of many deliveries failing together spread out, and none comes back sooner than half
 * its step), capped, and nothing after the last attempt (the delivery is dead-lettered).
 */
export interface RetrySchedule {
  /** The first retry's nominal delay; each next one doubles. */
  baseMs: number;
  /** The longest delay between two attempts. */
  maxMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  baseMs: 5_000,
  maxMs: 3_600_000,
  maxAttempts: NOTIFICATION_MAX_ATTEMPTS,
};

/**
 * The delay before attempt `attempt + 1` after attempt `attempt` (1-based) failed, or undefined
 * when `attempt` was the last. `random` is in [0, 1).
 */
export function retryDelayMs(attempt: number, schedule: RetrySchedule, random: number): number | undefined {
  if (attempt >= schedule.maxAttempts) return undefined;
  const step = Math.min(schedule.maxMs, schedule.baseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (step / 2) * random);
}
