import fc from 'fast-check';
import { SlidingWindowLimiter } from './sliding-window-limiter';

const WINDOW_SECONDS = 60;
const WINDOW_MS = WINDOW_SECONDS * 1000;
/** A window boundary, so offsets inside a window are easy to read. */
const T0 = WINDOW_MS * 28_333_334;

const setup = () => {
  const clock = { now: T0 };
  return { clock, limiter: new SlidingWindowLimiter(() => clock.now) };
};

const takeMany = (limiter: SlidingWindowLimiter, n: number, id = 'key_1', limit = 5) =>
  Array.from({ length: n }, () => limiter.take(id, limit, WINDOW_SECONDS));

describe('SlidingWindowLimiter', () => {
  it('usage(id) reports the weighted count without counting anything', () => {
    const { limiter, clock } = setup();
    expect(limiter.usage('key_1', WINDOW_SECONDS)).toBe(0);
    takeMany(limiter, 4, 'key_1', 10);
    expect(limiter.usage('key_1', WINDOW_SECONDS)).toBe(4);
    expect(limiter.usage('key_1', WINDOW_SECONDS)).toBe(4);
    // Half-way through the next window, half of the previous 4 still count.
    clock.now = T0 + WINDOW_MS + WINDOW_MS / 2;
    expect(limiter.usage('key_1', WINDOW_SECONDS)).toBe(2);
    clock.now = T0 + 3 * WINDOW_MS;
    expect(limiter.usage('key_1', WINDOW_SECONDS)).toBe(0);
  });

  it('allows exactly `limit` requests within one window, then refuses', () => {
    const { limiter, clock } = setup();
    clock.now = T0 + 1_000;
    const decisions = takeMany(limiter, 7);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(decisions.every((d) => d.limit === 5)).toBe(true);
  });

  it('remaining counts down to zero and stays there when refused', () => {
    const { limiter } = setup();
    expect(takeMany(limiter, 7).map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0]);
  });

  it('a refused request does not use up capacity', () => {
    const { limiter, clock } = setup();
    takeMany(limiter, 20);
    // Half-way through the next window, half of the previous window's 5 still count: 2.5 used.
    clock.now = T0 + WINDOW_MS + WINDOW_MS / 2;
    expect(takeMany(limiter, 3).map((d) => d.allowed)).toEqual([true, true, false]);
  });

  it('keys are limited independently', () => {
    const { limiter } = setup();
    takeMany(limiter, 5, 'key_1');
    expect(limiter.take('key_1', 5, WINDOW_SECONDS).allowed).toBe(false);
    expect(limiter.take('key_2', 5, WINDOW_SECONDS).allowed).toBe(true);
  });

  it('the previous window counts, weighted by how much of it the sliding window still covers', () => {
    const { limiter, clock } = setup();
    takeMany(limiter, 4, 'key_1', 4);

    // At the very start of the next window the previous one still counts in full.
    clock.now = T0 + WINDOW_MS;
    expect(limiter.take('key_1', 4, WINDOW_SECONDS).allowed).toBe(false);

    // A quarter in, 3/4 of 4 = 3 still count: one request fits, the next does not.
    clock.now = T0 + WINDOW_MS + WINDOW_MS / 4;
    const first = limiter.take('key_1', 4, WINDOW_SECONDS);
    expect(first).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take('key_1', 4, WINDOW_SECONDS).allowed).toBe(false);
  });

  it('remaining accounts for the weighted previous window', () => {
    const { limiter, clock } = setup();
    takeMany(limiter, 10, 'key_1', 10);
    clock.now = T0 + WINDOW_MS + WINDOW_MS / 2;
    // 5 of the previous 10 still count; after this request 6 are used.
    expect(limiter.take('key_1', 10, WINDOW_SECONDS)).toMatchObject({ allowed: true, remaining: 4 });
  });

  it('after two windows without traffic the full limit is available again', () => {
    const { limiter, clock } = setup();
    takeMany(limiter, 5);
    clock.now = T0 + 2 * WINDOW_MS;
    expect(takeMany(limiter, 6).map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    clock.now = T0 + 7 * WINDOW_MS + 1;
    expect(limiter.take('key_1', 5, WINDOW_SECONDS)).toMatchObject({ allowed: true, remaining: 4 });
  });

  it('resetSeconds is 0 while there is room, and otherwise the wait until the next request fits', () => {
    const { limiter, clock } = setup();
    clock.now = T0 + 1_000;
    expect(takeMany(limiter, 4).map((d) => d.resetSeconds)).toEqual([0, 0, 0, 0]);
    // The fifth fills the window: nothing fits until the next window, where 5 count in full at its
    // start and one of them has slid out a fifth of the way in (60 s × 1/5 = 12 s): 59 + 12 = 71 s.
    expect(limiter.take('key_1', 5, WINDOW_SECONDS)).toMatchObject({ remaining: 0, resetSeconds: 71 });
    expect(limiter.take('key_1', 5, WINDOW_SECONDS)).toMatchObject({ allowed: false, resetSeconds: 71 });
    expect(limiter.peek('key_1', 5, WINDOW_SECONDS)).toMatchObject({ allowed: false, resetSeconds: 71 });
  });

  it('the end of the fixed window is not enough when the previous window still weighs (the old answer)', () => {
    const { limiter, clock } = setup();
    takeMany(limiter, 5);
    // Half-way through the next window: 2.5 of the previous 5 count; 2 more fit, then 4.5 are used.
    clock.now = T0 + WINDOW_MS + WINDOW_MS / 2;
    takeMany(limiter, 2);
    const refused = limiter.take('key_1', 5, WINDOW_SECONDS);
    expect(refused.allowed).toBe(false);
    // The end of this window is 30 s away, but then the 2 taken now still count in full, plus
    // nothing of the 5: 2 + 1 fits. Before that, 4.5 − 5 × elapsed/60 s must fall to 4: 6 s.
    expect(refused.resetSeconds).toBe(6);
    clock.now += 5_999;
    expect(limiter.peek('key_1', 5, WINDOW_SECONDS).allowed).toBe(false);
    clock.now += 1;
    expect(limiter.take('key_1', 5, WINDOW_SECONDS).allowed).toBe(true);
  });

  it('from any state, a client that waits exactly resetSeconds is admitted, and one second less is not enough', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom(1, 2, 7, 60, 3_600, 86_400),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.array(
          fc.record({
            gapMs: fc.integer({ min: 0, max: 90_000 }),
            remote: fc.integer({ min: 0, max: 3 }),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        fc.boolean(),
        (limit, windowSeconds, startMs, steps, peekOnly) => {
          const clock = { now: startMs };
          const limiter = new SlidingWindowLimiter(() => clock.now);
          for (const { gapMs, remote } of steps) {
            clock.now += gapMs;
            const windowStart = clock.now - (clock.now % (windowSeconds * 1000));
            // Counts from other replicas land in the current window too (the shared limiter's way).
            if (remote > 0) limiter.addRemote('k', windowSeconds, windowStart, remote);
            const decision = peekOnly
              ? limiter.peek('k', limit, windowSeconds)
              : limiter.take('k', limit, windowSeconds);
            expect(Number.isInteger(decision.resetSeconds)).toBe(true);
            expect(decision.resetSeconds).toBeGreaterThanOrEqual(decision.remaining > 0 ? 0 : 1);
            if (decision.remaining > 0) expect(decision.resetSeconds).toBe(0);
            if (decision.resetSeconds === 0) continue;
            const at = clock.now;
            clock.now = at + (decision.resetSeconds - 1) * 1000;
            expect(limiter.peek('k', limit, windowSeconds).allowed).toBe(false);
            clock.now = at + decision.resetSeconds * 1000;
            expect(limiter.peek('k', limit, windowSeconds).allowed).toBe(true);
            clock.now = at;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('for any request timing, no fixed window ever admits more than the limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 300 }),
        (limit, gaps) => {
          const { limiter, clock } = setup();
          const admittedPerWindow = new Map<number, number>();
          for (const gap of gaps) {
            clock.now += gap;
            const decision = limiter.take('k', limit, WINDOW_SECONDS);
            expect(decision.remaining).toBeGreaterThanOrEqual(0);
            expect(decision.remaining).toBeLessThan(limit);
            if (decision.allowed) {
              const window = Math.floor(clock.now / WINDOW_MS);
              admittedPerWindow.set(window, (admittedPerWindow.get(window) ?? 0) + 1);
            }
          }
          for (const admitted of admittedPerWindow.values()) expect(admitted).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });

  it('peek reports the decision take would make without counting anything', () => {
    const { limiter } = setup();
    takeMany(limiter, 4);
    for (let i = 0; i < 5; i++) {
      expect(limiter.peek('key_1', 5, WINDOW_SECONDS)).toMatchObject({ allowed: true, remaining: 1 });
    }
    expect(limiter.take('key_1', 5, WINDOW_SECONDS)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.peek('key_1', 5, WINDOW_SECONDS).allowed).toBe(false);
    expect(limiter.peek('never_seen', 5, WINDOW_SECONDS)).toMatchObject({ allowed: true, remaining: 5 });
    expect(limiter.size).toBe(1);
  });

  it('memory is bounded by maxEntries, and a full table forgets idle windows before active ones', () => {
    const clock = { now: T0 };
    const limiter = new SlidingWindowLimiter(() => clock.now, 2);
    limiter.take('busy', 1, WINDOW_SECONDS);
    limiter.take('idle', 1, WINDOW_SECONDS);
    clock.now = T0 + 2 * WINDOW_MS;
    expect(limiter.take('busy', 1, WINDOW_SECONDS).allowed).toBe(true);

    expect(limiter.take('new', 1, WINDOW_SECONDS).allowed).toBe(true);
    expect(limiter.size).toBe(2);
    // 'busy' was inserted first but is active: its count survived, so it is still at its limit.
    expect(limiter.take('busy', 1, WINDOW_SECONDS).allowed).toBe(false);

    for (const id of ['a', 'b', 'c', 'd']) limiter.take(id, 1, WINDOW_SECONDS);
    expect(limiter.size).toBe(2);
  });

  it('a full table of busy windows keeps the most recently used: churning new ids cannot reset a busy count', () => {
    const clock = { now: T0 };
    const limiter = new SlidingWindowLimiter(() => clock.now, 3);
    // 'target' reached its limit first, then the table filled up; all windows are current.
    expect(limiter.take('target', 1, WINDOW_SECONDS).allowed).toBe(true);
    limiter.take('x', 1, WINDOW_SECONDS);
    limiter.take('y', 1, WINDOW_SECONDS);
    // Each attempt of 'target' (refused) keeps its window recent while new ids churn through.
    for (let n = 0; n < 50; n++) {
      expect(limiter.take('target', 1, WINDOW_SECONDS).allowed).toBe(false);
      limiter.take(`churn_${n}`, 1, WINDOW_SECONDS);
      expect(limiter.size).toBe(3);
    }
  });

  it('reading a count (peek, usage) is not a use: it does not keep a window from being evicted', () => {
    const clock = { now: T0 };
    const limiter = new SlidingWindowLimiter(() => clock.now, 2);
    limiter.take('a', 5, WINDOW_SECONDS);
    limiter.take('b', 5, WINDOW_SECONDS);
    limiter.peek('a', 5, WINDOW_SECONDS);
    limiter.usage('a', WINDOW_SECONDS);
    limiter.take('c', 5, WINDOW_SECONDS);
    expect(limiter.usage('a', WINDOW_SECONDS)).toBe(0);
    expect(limiter.usage('b', WINDOW_SECONDS)).toBe(1);
  });
});
