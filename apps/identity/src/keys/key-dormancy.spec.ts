import fc from 'fast-check';
import { dormancyDue, unusedSince, type DormancyClock } from './key-dormancy';

const DAY = 86_400_000;
const T0 = new Date('2026-12-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const key = (over: Partial<DormancyClock> = {}): DormancyClock => ({
  status: 'active',
  createdAt: T0,
  lastUsedAt: null,
  enabledAt: null,
  expiresAt: null,
  ...over,
});

describe('dormancy: is a key due to be disabled as unused', () => {
  it('a never-used key counts from its creation; a used one from its last use', () => {
    expect(dormancyDue(key(), 30, at(30 * DAY))).toBe(true);
    expect(dormancyDue(key(), 30, at(30 * DAY - 1))).toBe(false);
    expect(dormancyDue(key({ lastUsedAt: at(10 * DAY) }), 30, at(30 * DAY))).toBe(false);
    expect(dormancyDue(key({ lastUsedAt: at(10 * DAY) }), 30, at(40 * DAY))).toBe(true);
  });

  it('enabling restarts the clock: not due again until a full period after it', () => {
    const enabled = key({ enabledAt: at(31 * DAY) });
    expect(dormancyDue(enabled, 30, at(32 * DAY))).toBe(false);
    expect(dormancyDue(enabled, 30, at(61 * DAY))).toBe(true);
  });

  it('off without the rule, and never for a key that no longer works', () => {
    expect(dormancyDue(key(), null, at(9999 * DAY))).toBe(false);
    for (const status of ['revoked', 'expired', 'dormant'] as const)
      expect(dormancyDue(key({ status }), 7, at(100 * DAY))).toBe(false);
    expect(dormancyDue(key({ expiresAt: at(50 * DAY) }), 7, at(60 * DAY))).toBe(false);
  });

  it('due exactly when the latest of creation, last use and enabling is N days past (property)', () => {
    const offset = fc.option(fc.integer({ min: 0, max: 400 * DAY }), { nil: null });
    fc.assert(
      fc.property(
        offset,
        offset,
        fc.integer({ min: 7, max: 365 }),
        fc.integer({ min: 0, max: 800 * DAY }),
        (used, enabled, days, now) => {
          const k = key({
            lastUsedAt: used === null ? null : at(used),
            enabledAt: enabled === null ? null : at(enabled),
          });
          const since = Math.max(0, used ?? 0, enabled ?? 0);
          expect(unusedSince(k).getTime()).toBe(at(since).getTime());
          expect(dormancyDue(k, days, at(now))).toBe(now - since >= days * DAY);
        },
      ),
    );
  });

  it('a use after the sweep time never makes a key more dormant (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 * DAY }), fc.integer({ min: 0, max: 100 * DAY }), (a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        const now = at(200 * DAY);
        if (dormancyDue(key({ lastUsedAt: at(later) }), 30, now))
          expect(dormancyDue(key({ lastUsedAt: at(earlier) }), 30, now)).toBe(true);
      }),
    );
  });
});
