import { subjectsFor } from '@latchkey/contracts';
import type { EventBus } from '@latchkey/messaging';
import { PUBLISH_CONCURRENCY, UsageRecorder } from './usage-recorder';

/** A bus whose JetStream acks after a tick, counting publishes in flight (NATS is not under test). */
function countingBus() {
  const seen = { published: 0, inFlight: 0, maxInFlight: 0, subjects: new Set<string>() };
  const bus = {
    subjects: subjectsFor('lktest'),
    js: {
      publish: async (subject: string) => {
        seen.inFlight++;
        seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
        seen.subjects.add(subject);
        await new Promise((resolve) => setImmediate(resolve));
        seen.inFlight--;
        seen.published++;
      },
    },
  } as unknown as EventBus;
  return { bus, seen };
}

describe('UsageRecorder flush', () => {
  it('publishes every buffered event, never more than PUBLISH_CONCURRENCY at once', async () => {
    const { bus, seen } = countingBus();
    const recorder = new UsageRecorder({ bus, flushMs: 60_000, gatewayId: 'gw-test' });
    const denials = PUBLISH_CONCURRENCY * 4 + 3;
    for (let i = 0; i < denials; i++) {
      recorder.recordDenial('org_1', {
        reason: 'unknown_key',
        path: '/v1/projects',
        method: 'GET',
        ip: '10.0.0.1',
        status: 401,
      });
    }
    for (let i = 0; i < 10; i++)
      recorder.recordUse('org_1', `key_${i}`, 200, 'GET /v1/projects', '10.0.0.2', 3);

    await recorder.flush();

    expect(seen.published).toBe(denials + 10);
    expect(seen.maxInFlight).toBe(PUBLISH_CONCURRENCY);
    expect([...seen.subjects].sort()).toEqual(['lktest.org_1.auth.denied', 'lktest.org_1.key.used']);
  });

  it('a flush with nothing buffered publishes nothing', async () => {
    const { bus, seen } = countingBus();
    await new UsageRecorder({ bus, flushMs: 60_000, gatewayId: 'gw-test' }).flush();
    expect(seen.published).toBe(0);
  });
});
