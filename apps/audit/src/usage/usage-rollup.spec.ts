import fc from 'fast-check';
import { EventType } from '@latchkey/contracts';
import { usageRollups, type UsageSource } from './usage-rollup';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const keyUsed: fc.Arbitrary<UsageSource> = fc
  .record({
    key: fc.constantFrom('key_a', 'key_b'),
    at: fc.integer({ min: 0, max: 4_000_000_000_000 }),
    byStatus: fc.dictionary(fc.constantFrom('200', '404', '429', '500'), fc.nat(1000), { minKeys: 1 }),
    ip: fc.option(fc.ipV4(), { nil: undefined }),
  })
  .map(({ key, at, byStatus, ip }) => ({
    org_id: 'org_1',
    type: EventType.KeyUsed,
    occurred_at: new Date(at).toISOString(),
    data: { key_id: key, by_status: byStatus, ...(ip ? { last_ip: ip } : {}) },
  }));
const other: fc.Arbitrary<UsageSource> = fc.constant({
  org_id: 'org_1',
  type: EventType.KeyCreated,
  occurred_at: new Date(0).toISOString(),
  data: { key_id: 'key_a', by_status: { '200': 5 } },
});
const batch = fc.array(fc.oneof(keyUsed, other), { maxLength: 30 });

const total = (events: UsageSource[], key: string) =>
  events
    .filter((e) => e.type === EventType.KeyUsed && e.data['key_id'] === key)
    .flatMap((e) => Object.values(e.data['by_status'] as Record<string, number>))
    .reduce((a, b) => a + b, 0);

describe('usage rollups of a batch', () => {
  it('each period counts every request of every key.used event once, and nothing else', () => {
    fc.assert(
      fc.property(batch, (events) => {
        const rollups = usageRollups(events);
        for (const key of ['key_a', 'key_b']) {
          for (const period of ['hour', 'day'] as const) {
            const counted = rollups
              .filter((r) => r.key_id === key && r.period === period)
              .reduce((sum, r) => sum + r.requests, 0);
            expect(counted).toBe(total(events, key));
          }
        }
      }),
    );
  });

  it('one rollup per (key, period, bucket, status), its bucket the start of its hour or day', () => {
    fc.assert(
      fc.property(batch, (events) => {
        const rollups = usageRollups(events);
        const ids = rollups.map((r) => `${r.key_id}/${r.period}/${r.bucket_start}/${r.status}`);
        expect(new Set(ids).size).toBe(ids.length);
        for (const r of rollups) expect(r.bucket_start % (r.period === 'hour' ? HOUR_MS : DAY_MS)).toBe(0);
      }),
    );
  });

  it('the last use of a rollup is its newest event, with that event’s client IP', () => {
    fc.assert(
      fc.property(batch, (events) => {
        for (const r of usageRollups(events)) {
          const inBucket = events.filter((e) => {
            const at = Date.parse(e.occurred_at);
            const size = r.period === 'hour' ? HOUR_MS : DAY_MS;
            return (
              e.type === EventType.KeyUsed &&
              e.data['key_id'] === r.key_id &&
              at - (at % size) === r.bucket_start &&
              r.status in (e.data['by_status'] as object)
            );
          });
          const newest = Math.max(...inBucket.map((e) => Date.parse(e.occurred_at)));
          expect(r.last_used_at).toBe(newest);
          const last = inBucket.filter((e) => Date.parse(e.occurred_at) === newest).at(-1);
          expect(r.last_ip).toBe((last?.data['last_ip'] as string | undefined) ?? null);
        }
      }),
    );
  });
});
