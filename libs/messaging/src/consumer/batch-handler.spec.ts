import fc from 'fast-check';
import { EventType, type CloudEvent } from '@latchkey/contracts';
import { rawCloudEvent } from '@latchkey/testing';
import { handleBatch, type BatchDeps, type Delivery } from './batch-handler';

/** One message of a generated batch: not an event, an event that can be stored, or one that never can. */
type Kind = 'garbage' | 'good' | 'poison';

interface Scenario {
  kinds: Kind[];
  deliveryCounts: number[];
  /** The store's database is down for this many attempts first. */
  outage: number;
  /** The consumer is stopped after this many store attempts (undefined: keeps running). */
  stopAfter: number | undefined;
  /** Keeping a dead letter fails for these message indexes. */
  deadLetterFails: boolean[];
  maxDeliver: number;
}

const scenario: fc.Arbitrary<Scenario> = fc.integer({ min: 1, max: 25 }).chain((n) =>
  fc.record({
    kinds: fc.array(fc.constantFrom<Kind>('garbage', 'good', 'good', 'good', 'poison'), {
      minLength: n,
      maxLength: n,
    }),
    deliveryCounts: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: n, maxLength: n }),
    outage: fc.nat(3),
    stopAfter: fc.option(fc.nat(6), { nil: undefined }),
    deadLetterFails: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    maxDeliver: fc.integer({ min: 1, max: 5 }),
  }),
);

class Down extends Error {}
class Poison extends Error {}

async function run(s: Scenario) {
  const encoder = new TextEncoder();
  const events = new Map<string, number>();
  const deliveries: Delivery<number>[] = s.kinds.map((kind, i) => {
    let data: Uint8Array;
    if (kind === 'garbage') data = encoder.encode('{not json');
    else {
      const event: CloudEvent = rawCloudEvent({
        type: EventType.KeyCreated,
        orgId: 'org_1',
        source: 'latchkey/identity',
        data: { poison: kind === 'poison' },
      });
      events.set(event.id, i);
      data = encoder.encode(JSON.stringify(event));
    }
    return {
      msg: i,
      subject: 'lk.org_1.key.created',
      seq: i + 1,
      data,
      deliveryCount: s.deliveryCounts[i] as number,
    };
  });
  const settled: { how: string; delayMs: number | undefined }[][] = s.kinds.map(() => []);
  const stored = new Set<number>();
  let attempts = 0;
  let running = true;
  const deps: BatchDeps<number> = {
    store: async (batch) => {
      attempts += 1;
      if (s.stopAfter !== undefined && attempts > s.stopAfter) running = false;
      if (attempts <= s.outage) throw new Down('database unreachable');
      if (batch.some((e) => (e.data as { poison: boolean }).poison)) throw new Poison('value too long');
      for (const event of batch) stored.add(events.get(event.id) as number);
    },
    isTransient: (error) => error instanceof Down,
    onDeadLetter: (message) => {
      if (s.deadLetterFails[message.seq - 1]) throw new Error('dead-letter stream unavailable');
    },
    settle: (msg, how, delayMs) => settled[msg]?.push({ how, delayMs }),
    running: () => running,
    sleep: async () => undefined,
    maxDeliver: s.maxDeliver,
  };
  await handleBatch(deliveries, deps);
  return { settled, stored, running };
}

describe('one batch of the durable consumer', () => {
  it('every message fetched is acked, nakked or terminated exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { settled } = await run(s);
        for (const each of settled) expect(each).toHaveLength(1);
      }),
    );
  });

  it('a message is acked only once its event is stored; what is stored while running is acked', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { settled, stored } = await run(s);
        settled.forEach(([outcome], i) => {
          if (outcome?.how === 'ack') expect(stored.has(i)).toBe(true);
          if (stored.has(i)) expect(outcome?.how).toBe('ack');
        });
      }),
    );
  });

  it('a database outage never uses up deliveries: while running, every good event is stored in the end', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { settled } = await run({ ...s, stopAfter: undefined });
        s.kinds.forEach((kind, i) => {
          if (kind === 'good') expect(settled[i]?.[0]?.how).toBe('ack');
        });
      }),
    );
  });

  it('what can never be stored is terminated only once kept as a dead letter; else nakked for later', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { settled } = await run({ ...s, stopAfter: undefined });
        s.kinds.forEach((kind, i) => {
          const how = settled[i]?.[0]?.how;
          if (kind === 'good') return;
          const lastDelivery = kind === 'garbage' || (s.deliveryCounts[i] as number) >= s.maxDeliver;
          expect(how).toBe(lastDelivery && !s.deadLetterFails[i] ? 'term' : 'nak');
        });
      }),
    );
  });
});
