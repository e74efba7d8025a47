import { busConnectionOptions, reconnectBackoff } from './bus-connection';
import { createUser } from '@nats-io/nkeys';

describe('every NATS client reconnects forever, with backoff', () => {
  it('never gives up, and waits longer and longer up to a cap', () => {
    const seed = new TextDecoder().decode(createUser().getSeed());
    const options = busConnectionOptions('nats://a:4222,nats://b:4222', 'test', { user: 'gateway', seed });
    expect(options.maxReconnectAttempts).toBe(-1);
    expect(options.reconnectDelayHandler).toEqual(expect.any(Function));

    let now = 1_000_000;
    const waits: number[] = [];
    const next = reconnectBackoff(
      () => 0,
      () => now,
    );
    for (let i = 0; i < 8; i++) {
      waits.push(next());
      now += waits[waits.length - 1] ?? 0;
    }
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('adds up to 20 % jitter, and starts again from the shortest wait after a quiet spell', () => {
    let now = 0;
    const next = reconnectBackoff(
      () => 1,
      () => now,
    );
    expect(next()).toBe(300);
    now += 300;
    expect(next()).toBe(600);
    now += 60_000; // connected meanwhile: a new outage
    expect(next()).toBe(300);
  });
});
