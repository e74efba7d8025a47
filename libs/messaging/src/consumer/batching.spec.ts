import fc from 'fast-check';
import {
  afterStore,
  backoffFor,
  batchesToStart,
  dueForProgress,
  MAX_TRANSIENT_RETRY_MS,
  transientRetryDelay,
} from './batching';

const limits = fc.record({
  batchSize: fc.integer({ min: 1, max: 50 }),
  depth: fc.integer({ min: 1, max: 4 }),
});

describe('which messages form a batch, and when it starts', () => {
  it('batches take from the front, each at most batchSize, never more being stored than the depth', () => {
    fc.assert(
      fc.property(fc.nat(300), fc.nat(5), limits, (pending, active, l) => {
        const sizes = batchesToStart(pending, active, l);
        expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(pending);
        for (const size of sizes) expect(size).toBeGreaterThan(0);
        for (const size of sizes) expect(size).toBeLessThanOrEqual(l.batchSize);
        if (sizes.length > 0) expect(active + sizes.length).toBeLessThanOrEqual(l.depth);
      }),
    );
  });

  it('idle: whatever has arrived is stored at once; busy: only full batches start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(5), limits, (pending, active, l) => {
        const sizes = batchesToStart(pending, active, l);
        if (active === 0) expect(sizes.length).toBeGreaterThan(0);
        // Only the batch started while idle may be partial.
        sizes.forEach((size, i) => {
          if (active + i > 0) expect(size).toBe(l.batchSize);
        });
      }),
    );
  });

  it('nothing that could start is left waiting', () => {
    fc.assert(
      fc.property(fc.nat(300), fc.nat(5), limits, (pending, active, l) => {
        const sizes = batchesToStart(pending, active, l);
        const left = pending - sizes.reduce((a, b) => a + b, 0);
        const busy = active + sizes.length;
        expect(left === 0 || busy >= l.depth || (busy > 0 && left < l.batchSize)).toBe(true);
      }),
    );
  });
});

describe('when a held message is marked in progress', () => {
  it('exactly the messages held for a third of the ack wait or longer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(100_000)),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 3, max: 60_000 }),
        (sinces, now, ackWaitMs) => {
          const held = sinces.map((since, i) => [i, since] as [number, number]);
          const due = new Set(dueForProgress(held, now, ackWaitMs));
          for (const [i, since] of held) expect(due.has(i)).toBe(now - since >= ackWaitMs / 3);
        },
      ),
    );
  });
});

describe('what becomes of a batch after a store attempt', () => {
  const counts = fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 20 });
  const ctx = fc.record({
    running: fc.boolean(),
    attempt: fc.integer({ min: 1, max: 40 }),
    maxDeliver: fc.integer({ min: 1, max: 10 }),
  });

  it('stored: every message is acked', () => {
    fc.assert(
      fc.property(counts, ctx, (c, x) => expect(afterStore({ ok: true }, c, x)).toEqual({ do: 'ack' })),
    );
  });

  it('a transient failure never counts against the events: retried while running (bounded pause), else all nakked', () => {
    fc.assert(
      fc.property(counts, ctx, (c, x) => {
        const decision = afterStore({ ok: false, transient: true, error: new Error('down') }, c, x);
        if (x.running) {
          expect(decision.do).toBe('retry');
          if (decision.do === 'retry') {
            expect(decision.delayMs).toBeGreaterThan(0);
            expect(decision.delayMs).toBeLessThanOrEqual(MAX_TRANSIENT_RETRY_MS);
          }
        } else expect(decision).toEqual({ do: 'nak-all' });
      }),
    );
  });

  it('another failure splits a running batch into two non-empty halves; alone, each is dead-lettered only on its last delivery', () => {
    fc.assert(
      fc.property(counts, ctx, (c, x) => {
        const decision = afterStore({ ok: false, transient: false, error: { code: '23505' } }, c, x);
        if (c.length > 1 && x.running) {
          expect(decision.do).toBe('split');
          if (decision.do === 'split') {
            expect(decision.at).toBeGreaterThan(0);
            expect(decision.at).toBeLessThan(c.length);
          }
          return;
        }
        expect(decision.do).toBe('refuse');
        if (decision.do !== 'refuse') return;
        expect(decision.each).toHaveLength(c.length);
        decision.each.forEach((refusal, i) => {
          expect(refusal.how).toBe((c[i] as number) >= x.maxDeliver ? 'dead-letter' : 'nak');
          if (refusal.how === 'dead-letter') expect(refusal.reason).toBe('max deliveries reached: 23505');
        });
      }),
    );
  });

  it('back-off grows with each delivery and its last step repeats; retry pauses grow and stay bounded', () => {
    const steps = [500, 2000, 10_000];
    expect([1, 2, 3, 4, 9].map((n) => backoffFor(n, steps))).toEqual([500, 2000, 10_000, 10_000, 10_000]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (attempt) => {
        expect(transientRetryDelay(attempt + 1)).toBeGreaterThanOrEqual(transientRetryDelay(attempt));
        expect(transientRetryDelay(attempt)).toBeLessThanOrEqual(MAX_TRANSIENT_RETRY_MS);
      }),
    );
  });
});
