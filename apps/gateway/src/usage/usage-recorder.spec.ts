import { createHash } from 'node:crypto';
import { register } from 'prom-client';
import { STORED_PATH_MAX } from '@latchkey/auth-core';
import { subjectsFor, type AuthDeniedData, type CloudEvent, type KeyUsedData } from '@latchkey/contracts';
import { InvalidEventError, type EventBus } from '@latchkey/messaging';
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
    const recorder = new UsageRecorder({
      bus,
      flushMs: 60_000,
      gatewayId: 'gw-test',
      denialBudgets: { tuplesPerOrg: 10_000, tuplesAnonymous: 10_000, orgsPerWindow: 10 },
    });
    const request = { method: 'GET', url: '/v1/projects', id: 'req-1' };
    // Distinct keys: each its own `key.used` and its own denial record.
    const keys = PUBLISH_CONCURRENCY * 2 + 3;
    for (let i = 0; i < keys; i++) {
      recorder.recordUse('org_1', `key_${i}`, 200, 'GET /v1/projects', '10.0.0.2', 3);
      recorder.recordDenial(
        'org_1',
        `key_${i}`,
        'insufficient_scope',
        403,
        'GET /v1/leads',
        '10.0.0.2',
        request,
      );
    }

    await recorder.flush();

    expect(seen.published).toBe(keys * 2);
    expect(seen.maxInFlight).toBe(PUBLISH_CONCURRENCY);
    expect([...seen.subjects].sort()).toEqual(['lktest.org_1.auth.denied', 'lktest.org_1.key.used']);
  });

  it('a record whose data breaks its schema is never sent; the rest of the window is', async () => {
    const { bus, seen } = countingBus();
    const errors: unknown[] = [];
    const recorder = new UsageRecorder({
      bus,
      flushMs: 60_000,
      gatewayId: 'gw-test',
      onError: (e) => errors.push(e),
    });
    recorder.recordUse('org_1', 'key_1', 200, 'GET /v1/projects', '10.0.0.2', 3);
    // A reason auth.denied does not declare: a bug in the gateway, caught at publish.
    const bogus = 'made_up' as Parameters<UsageRecorder['recordDenial']>[2];
    recorder.recordDenial('org_1', 'key_1', bogus, 403, 'GET /v1/leads', '10.0.0.2', {
      method: 'GET',
      url: '/v1/leads',
      id: 'req-1',
    });

    await recorder.flush();

    expect([...seen.subjects]).toEqual(['lktest.org_1.key.used']);
    expect(seen.published).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(InvalidEventError);
    expect(String(errors[0])).toMatch(/auth\.denied data does not match its schema: reason/);
  });

  it('a flush with nothing buffered publishes nothing', async () => {
    const { bus, seen } = countingBus();
    await new UsageRecorder({ bus, flushMs: 60_000, gatewayId: 'gw-test' }).flush();
    expect(seen.published).toBe(0);
  });

  it('while NATS does not answer, no second flush starts; what overflows the buffer is counted as dropped', async () => {
    const droppedUses = async () =>
      (await register.getSingleMetric('gateway_usage_events_dropped_total')!.get()).values.find(
        (v) => v.labels['type'] === 'key.used',
      )?.value ?? 0;
    let release: () => void = () => undefined;
    const down = new Promise<void>((resolve) => (release = resolve));
    let attempted = 0;
    const bus = {
      subjects: subjectsFor('lktest'),
      js: {
        publish: async () => {
          attempted++;
          await down;
        },
      },
    } as unknown as EventBus;
    const recorder = new UsageRecorder({ bus, flushMs: 10, gatewayId: 'gw-test', maxBuffered: 5 });
    const use = (key: string) => recorder.recordUse('org_1', key, 200, 'GET /v1/projects', '10.0.0.2', 1);
    recorder.start();
    for (const key of ['a', 'b', 'c']) use(key);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await sleep(50);
    expect(attempted).toBe(3);
    const before = await droppedUses();
    for (let i = 0; i < 8; i++) use(`late_${i}`);
    // Many intervals pass; the hanging flush is the only one.
    await sleep(100);
    expect(attempted).toBe(3);
    expect((await droppedUses()) - before).toBe(3);
    release();
    await sleep(50);
    expect(attempted).toBe(8);
    await recorder.stop();
  });

  it('stored paths stay bounded: a 16 KiB path is cut, with the hash of the whole, in key.used and auth.denied', async () => {
    const published: CloudEvent[] = [];
    const bus = {
      subjects: subjectsFor('lktest'),
      js: { publish: async (_subject: string, body: string) => void published.push(JSON.parse(body)) },
    } as unknown as EventBus;
    const recorder = new UsageRecorder({ bus, flushMs: 60_000, gatewayId: 'gw-test' });
    const path = `/v1/${'p'.repeat(16 * 1024)}`;
    const label = `GET ${path}`;
    recorder.recordUse('org_1', 'key_1', 404, label, '10.0.0.2', 1);
    recorder.recordUse('org_1', 'key_1', 404, label, '10.0.0.2', 1);
    recorder.recordDenial('org_1', 'key_1', 'path_not_allowed', 403, 'GET /v1/*/…', '10.0.0.2', {
      method: 'GET',
      url: path,
      id: 'req-1',
    });
    await recorder.flush();
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const used = published.find((e) => e.type === 'dev.latchkey.key.used')!.data as unknown as KeyUsedData;
    expect(used.by_path).toEqual({ [`${label.slice(0, STORED_PATH_MAX)}…sha256:${sha(label)}`]: 2 });
    const denied = published.find((e) => e.type === 'dev.latchkey.auth.denied')!
      .data as unknown as AuthDeniedData;
    expect(denied.sample).toMatchObject({ path: path.slice(0, STORED_PATH_MAX), path_sha256: sha(path) });
    expect(JSON.stringify(published).length).toBeLessThan(4096);
  });
});

describe('UsageRecorder: quarantined keys', () => {
  it('flags every use of a quarantined key in key.used, and leaves other keys unflagged', async () => {
    const published: CloudEvent[] = [];
    const bus = {
      subjects: subjectsFor('lktest'),
      js: { publish: async (_subject: string, body: string) => void published.push(JSON.parse(body)) },
    } as unknown as EventBus;
    const recorder = new UsageRecorder({ bus, flushMs: 60_000, gatewayId: 'gw-test' });
    recorder.recordUse('org_1', 'key_q', 200, 'GET /v1/projects', '10.0.0.2', 1, true);
    recorder.recordUse('org_1', 'key_q', 403, 'POST /v1/projects', '10.0.0.2', 1, true);
    recorder.recordUse('org_1', 'key_ok', 200, 'GET /v1/projects', '10.0.0.2', 1);

    await recorder.flush();

    const byKey = new Map(published.map((e) => [e.subject, e.data as unknown as KeyUsedData]));
    expect(byKey.get('key_q')).toMatchObject({ requests: 2, quarantined: 2 });
    expect(byKey.get('key_ok')).not.toHaveProperty('quarantined');
  });
});
