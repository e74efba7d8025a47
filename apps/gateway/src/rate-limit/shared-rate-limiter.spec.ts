import type { NatsConnection } from '@nats-io/nats-core';
import { randomBytes } from 'node:crypto';
import { hmacRing } from '@latchkey/auth-core';
import { register } from 'prom-client';
import { macSyncCodec, SharedRateLimiter } from './shared-rate-limiter';

const SYNC_RING = hmacRing([{ kid: 'sync-test', k: randomBytes(32).toString('base64url') }]);

const WINDOW_SECONDS = 60;
const WINDOW_MS = WINDOW_SECONDS * 1000;
const T0 = WINDOW_MS * 28_333_334;
const SUBJECT = 'test_ctl.gateway.rate_limit';

/**
 * NATS as the replicas see it: published counts are held until the test delivers them, so a
 * test decides exactly what each replica knows when it decides.
 */
class FakeNats {
  readonly held: { from: SharedRateLimiter; data: string }[] = [];
  readonly replicas: SharedRateLimiter[] = [];

  connectionFor(): NatsConnection {
    let self: SharedRateLimiter | undefined;
    const connection = {
      publish: (_subject: string, data: string) => {
        if (self) this.held.push({ from: self, data });
      },
      subscribe: () => ({}),
    } as unknown as NatsConnection;
    return Object.assign(connection, {
      bind: (replica: SharedRateLimiter) => {
        self = replica;
      },
    });
  }

  /** Every held broadcast reaches every replica (each ignores its own). */
  deliver(): void {
    for (const { data } of this.held.splice(0)) {
      for (const replica of this.replicas) replica.receive(JSON.parse(data));
    }
  }
}

const setup = (n: number) => {
  const clock = { now: T0 + 1_000 };
  const nats = new FakeNats();
  for (let i = 0; i < n; i++) {
    const connection = nats.connectionFor() as NatsConnection & { bind(r: SharedRateLimiter): void };
    const now = () => clock.now;
    const codec = macSyncCodec(SYNC_RING, () => undefined, now);
    const replica = new SharedRateLimiter(connection, SUBJECT, `gw-${i}`, 100, codec, now);
    connection.bind(replica);
    nats.replicas.push(replica);
  }
  for (const replica of nats.replicas) for (let i = 0; i < n; i++) replica.notePeer(`gw-${i}`);
  return { clock, nats, replicas: nats.replicas };
};

describe('SharedRateLimiter', () => {
  it('one replica alone admits exactly the limit', () => {
    const { replicas } = setup(1);
    const admitted = Array.from({ length: 150 }, () =>
      replicas[0]!.take('key_1', 100, WINDOW_SECONDS),
    ).filter((d) => d.allowed).length;
    expect(admitted).toBe(100);
  });

  it('a flood spread over 4 replicas, each broadcast delivered at once: together they admit the limit', () => {
    const { replicas, nats } = setup(4);
    let admitted = 0;
    for (let i = 0; i < 1000; i++) {
      if (replicas[i % 4]!.take('key_1', 100, WINDOW_SECONDS).allowed) admitted += 1;
      nats.deliver();
    }
    expect(admitted).toBe(100);
  });

  it('broadcasts are delivered 10 requests late, load spread unevenly: at most 1.10 × the limit of a flood', () => {
    const { replicas, nats } = setup(4);
    let admitted = 0;
    for (let i = 0; i < 2000; i++) {
      // Half of the load on one replica, the rest spread over the others.
      const replica = replicas[i % 2 === 0 ? 0 : 1 + (i % 3)]!;
      if (replica.take('key_1', 200, WINDOW_SECONDS).allowed) admitted += 1;
      if (i % 10 === 9) nats.deliver();
    }
    expect(admitted).toBeGreaterThanOrEqual(200);
    expect(admitted).toBeLessThanOrEqual(220);
  });

  it('far from the limit a replica broadcasts only on its timer; close to it, every admitted request', () => {
    const { replicas, nats } = setup(4);
    for (let i = 0; i < 10; i++) replicas[0]!.take('key_1', 1000, WINDOW_SECONDS);
    expect(nats.held).toHaveLength(0);
    replicas[0]!.flush();
    nats.deliver();
    // 990 left, a share of 248: the 248th request since the broadcast triggers the next one.
    for (let i = 0; i < 247; i++) replicas[0]!.take('key_1', 1000, WINDOW_SECONDS);
    expect(nats.held).toHaveLength(0);
    replicas[0]!.take('key_1', 1000, WINDOW_SECONDS);
    expect(nats.held).toHaveLength(1);
  });

  it('a burst up to the limit on one replica of 2 is admitted whole, then the other refuses too', () => {
    const { replicas, nats } = setup(2);
    const burst = Array.from({ length: 5 }, () => replicas[0]!.take('key_1', 5, WINDOW_SECONDS).allowed);
    expect(burst).toEqual([true, true, true, true, true]);
    nats.deliver();
    expect(replicas[1]!.take('key_1', 5, WINDOW_SECONDS).allowed).toBe(false);
    expect(replicas[0]!.take('key_1', 5, WINDOW_SECONDS).allowed).toBe(false);
  });

  it('a client at 90% of its limit, spread over 4 replicas, is never refused (two windows)', () => {
    const { replicas, nats, clock } = setup(4);
    const limit = 100;
    const perWindow = 90;
    let refused = 0;
    for (let i = 0; i < perWindow * 2; i++) {
      clock.now = T0 + Math.floor((i * WINDOW_MS) / perWindow);
      if (!replicas[i % 4]!.take('key_1', limit, WINDOW_SECONDS).allowed) refused += 1;
      // The sync timer (100 ms) fires many times between two of this client's requests.
      for (const replica of replicas) replica.flush();
      nats.deliver();
    }
    expect(refused).toBe(0);
  });

  it('a client at 90% of its limit sending in bursts of 10 over 4 replicas is never refused', () => {
    const { replicas, nats, clock } = setup(4);
    let refused = 0;
    for (let burst = 0; burst < 18; burst++) {
      clock.now = T0 + Math.floor((burst * WINDOW_MS) / 9);
      for (let i = 0; i < 10; i++)
        if (!replicas[i % 4]!.take('key_1', 100, WINDOW_SECONDS).allowed) refused += 1;
      for (const replica of replicas) replica.flush();
      nats.deliver();
    }
    expect(refused).toBe(0);
  });

  it('a replica not heard of for 15 s no longer takes a share', () => {
    const { replicas, clock } = setup(4);
    expect(replicas[0]!.replicas()).toBe(4);
    clock.now += 16_000;
    expect(replicas[0]!.replicas()).toBe(1);
    replicas[0]!.notePeer('gw-1');
    expect(replicas[0]!.replicas()).toBe(2);
  });

  it("how late the peers' counts arrive is measured, and a broadcast NATS refuses is counted", async () => {
    const { clock, nats, replicas } = setup(2);
    const lagBefore = await metric('latchkey_rate_limit_sync_lag_seconds_sum');
    const countBefore = await metric('latchkey_rate_limit_sync_lag_seconds_count');
    replicas[0]!.take('key_lag', 100, WINDOW_SECONDS);
    replicas[0]!.flush();
    // Delivered 2 s after it was sealed (a reconnect's buffer): replica 1 applies it 2 s late.
    clock.now += 2000;
    nats.deliver();
    expect((await metric('latchkey_rate_limit_sync_lag_seconds_count')) - countBefore).toBe(1);
    expect((await metric('latchkey_rate_limit_sync_lag_seconds_sum')) - lagBefore).toBeCloseTo(2, 3);

    const failuresBefore = await metric('latchkey_rate_limit_sync_publish_failures_total');
    const closed = {
      publish: () => {
        throw new Error('connection closed');
      },
    } as unknown as NatsConnection;
    const codec = macSyncCodec(
      SYNC_RING,
      () => undefined,
      () => clock.now,
    );
    const alone = new SharedRateLimiter(closed, SUBJECT, 'gw-closed', 100, codec, () => clock.now);
    alone.take('key_closed', 100, WINDOW_SECONDS);
    alone.flush();
    expect((await metric('latchkey_rate_limit_sync_publish_failures_total')) - failuresBefore).toBe(1);
  });
});

/** A sample of the default registry by its exposed name (histograms: `_sum`, `_count`). */
async function metric(name: string): Promise<number> {
  const base = name.replace(/_(sum|count)$/, '');
  const values = (await register.getSingleMetric(base)?.get())?.values ?? [];
  const sample = values.find((v) => (v as { metricName?: string }).metricName === name) ?? values[0];
  return sample?.value ?? 0;
}
