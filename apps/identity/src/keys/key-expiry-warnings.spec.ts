import fc from 'fast-check';
import { EXPIRY_WARNING_DAYS } from '@latchkey/contracts';
import { dueExpiryWarning, tightestThreshold } from './key-expiry-warnings';

const DAY = 86_400_000;
const NOW = new Date('2026-12-04T12:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe('expiry warnings: which threshold is due for a key at a time', () => {
  it('a key is warned at 30, 7 and 1 days before it expires, at the boundary itself', () => {
    expect(dueExpiryWarning(at(30 * DAY), NOW, new Set())).toBe(30);
    expect(dueExpiryWarning(at(30 * DAY + 1), NOW, new Set())).toBeUndefined();
    expect(dueExpiryWarning(at(7 * DAY), NOW, new Set([30]))).toBe(7);
    expect(dueExpiryWarning(at(DAY), NOW, new Set([30, 7]))).toBe(1);
    expect(dueExpiryWarning(at(1), NOW, new Set([30, 7]))).toBe(1);
  });

  it('no warning for a key that never expires or has expired', () => {
    expect(dueExpiryWarning(null, NOW, new Set())).toBeUndefined();
    expect(dueExpiryWarning(at(0), NOW, new Set())).toBeUndefined();
    expect(dueExpiryWarning(at(-DAY), NOW, new Set())).toBeUndefined();
  });

  it('a key issued for seven days is warned once, "7 days", not "30 days" as well', () => {
    expect(dueExpiryWarning(at(7 * DAY - 1000), NOW, new Set())).toBe(7);
  });

  it('a warning due is always within its threshold and never one already sent (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -40 * DAY, max: 40 * DAY }),
        fc.subarray([...EXPIRY_WARNING_DAYS]),
        (left, warned) => {
          const due = dueExpiryWarning(at(left), NOW, new Set(warned));
          if (due === undefined) return;
          expect(left).toBeGreaterThan(0);
          expect(left).toBeLessThanOrEqual(due * DAY);
          expect(warned).not.toContain(due);
          // The tightest: no smaller threshold holds.
          for (const days of EXPIRY_WARNING_DAYS) if (days < due) expect(left).toBeGreaterThan(days * DAY);
        },
      ),
    );
  });

  it('sweeping a key at any times until it expires sends each threshold at most once, tightening (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: DAY, max: 60 * DAY }),
        fc.array(fc.integer({ min: 0, max: 60 * DAY }), { minLength: 1, maxLength: 40 }),
        (lifetime, times) => {
          const expiresAt = at(lifetime);
          const warned = new Set<number>();
          const sent: number[] = [];
          for (const t of [...times].sort((a, b) => a - b)) {
            const due = dueExpiryWarning(expiresAt, at(t), warned);
            if (due !== undefined) {
              warned.add(due);
              sent.push(due);
            }
          }
          expect(new Set(sent).size).toBe(sent.length);
          expect([...sent].sort((a, b) => b - a)).toEqual(sent);
        },
      ),
    );
  });

  it('a sweep inside a window always finds the threshold to warn (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 * DAY }), (left) => {
        expect(tightestThreshold(at(left), NOW)).toBeDefined();
      }),
    );
  });
});
