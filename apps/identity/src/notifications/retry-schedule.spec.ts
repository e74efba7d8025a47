import fc from 'fast-check';
import { DEFAULT_RETRY_SCHEDULE, retryDelayMs } from './retry-schedule';

describe('notification retry schedule', () => {
  it('delays double from attempt to attempt, with jitter in the upper half of each step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, r) => {
          const step = Math.min(DEFAULT_RETRY_SCHEDULE.maxMs, 5_000 * 2 ** (attempt - 1));
          const delay = retryDelayMs(attempt, DEFAULT_RETRY_SCHEDULE, r) as number;
          expect(delay).toBeGreaterThanOrEqual(step / 2);
          expect(delay).toBeLessThanOrEqual(step);
        },
      ),
    );
  });

  it('jitter spreads deliveries failing together', () => {
    expect(retryDelayMs(3, DEFAULT_RETRY_SCHEDULE, 0)).toBe(10_000);
    expect(retryDelayMs(3, DEFAULT_RETRY_SCHEDULE, 0.5)).toBe(15_000);
  });

  it('no delay exceeds the cap', () => {
    const schedule = { ...DEFAULT_RETRY_SCHEDULE, maxAttempts: 40 };
    expect(retryDelayMs(30, schedule, 0.999)).toBeLessThanOrEqual(schedule.maxMs);
  });

  it('after the 8th attempt there is none: the delivery is dead-lettered', () => {
    expect(DEFAULT_RETRY_SCHEDULE.maxAttempts).toBe(8);
    expect(retryDelayMs(7, DEFAULT_RETRY_SCHEDULE, 0)).toBeDefined();
    expect(retryDelayMs(8, DEFAULT_RETRY_SCHEDULE, 0)).toBeUndefined();
  });
});
