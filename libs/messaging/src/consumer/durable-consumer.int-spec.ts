import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { EventType, type CloudEvent } from '@latchkey/contracts';
import { PrivateNatsServer, rawCloudEvent, waitFor } from '@latchkey/testing';
import { EventBus } from '../event-bus';
import { DurableConsumer, type DeadLetter, type DurableConsumerOptions } from './durable-consumer';

jest.setTimeout(60_000);

/** What the tests' store recognises as its database being down. */
class Outage extends Error {}

describe('durable consumer (real NATS JetStream)', () => {
  let nats: PrivateNatsServer;
  /** Publishes as identity (key.created is identity's to emit). */
  let bus: EventBus;
  /** Consumes as the operator (any durable on the stream; it can publish no event). */
  let reader: NatsConnection;
  let readerJsm: Awaited<ReturnType<typeof jetstreamManager>>;
  let consumers: DurableConsumer[] = [];

  beforeAll(async () => {
    nats = await PrivateNatsServer.start({
      stream: 'CONSUMERTEST',
      subjectPrefix: 'ct',
      auditConsumer: 'audit',
    });
    bus = await EventBus.connect({
      servers: nats.url,
      name: 'consumer-test',
      stream: 'CONSUMERTEST',
      subjectPrefix: 'ct',
      credentials: { user: 'identity', seed: nats.seedOf('identity') },
    });
    reader = await nats.connect('operator');
    readerJsm = await jetstreamManager(reader);
  });

  afterEach(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    consumers = [];
  });

  afterAll(async () => {
    await bus?.nc.close();
    await reader?.close();
    await nats?.remove();
  });

  async function publish(org: string, n: number, marker?: (i: number) => boolean): Promise<CloudEvent[]> {
    const events = Array.from({ length: n }, (_, i) =>
      rawCloudEvent({
        type: EventType.KeyCreated,
        orgId: org,
        source: 'latchkey/test',
        data: { key_id: `key_${i}`, poison: marker?.(i) === true },
      }),
    );
    for (const e of events)
      await bus.js.publish(bus.subjects.event(org, EventType.KeyCreated), JSON.stringify(e));
    return events;
  }

  function start(durable: string, org: string, options: Partial<DurableConsumerOptions>): DurableConsumer {
    const consumer = new DurableConsumer({
      nc: reader,
      js: jetstream(reader),
      jsm: readerJsm,
      stream: bus.streamName,
      durable,
      filterSubject: bus.subjects.event(org, EventType.KeyCreated),
      isTransient: (error) => error instanceof Outage,
      store: async () => undefined,
      ...options,
    });
    consumers.push(consumer);
    return consumer;
  }

  it('holds a batch through an outage longer than all its deliveries allow, then stores it once', async () => {
    const events = await publish('org_outage', 20);
    const stored = new Map<string, number>();
    let failures = 0;
    let downUntil = 0;
    const deadLetters: DeadLetter[] = [];
    const consumer = start('outage', 'org_outage', {
      maxDeliver: 2,
      // Short, so that without in-progress acks the batch would be delivered again (and run out).
      ackWaitMs: 1500,
      store: async (batch) => {
        // Down for 6 s from the first attempt: four ack waits, twice the deliveries allowed.
        if (downUntil === 0) downUntil = Date.now() + 6000;
        if (Date.now() < downUntil) {
          failures += 1;
          throw new Outage('database unreachable');
        }
        for (const e of batch) stored.set(e.id, (stored.get(e.id) ?? 0) + 1);
      },
      onDeadLetter: (message) => {
        deadLetters.push(message);
      },
    });
    await consumer.start();
    await waitFor('every event stored', async () => stored.size === events.length, { timeoutMs: 30_000 });
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
    expect(failures).toBeGreaterThanOrEqual(3);
    expect(deadLetters).toEqual([]);
    const info = await readerJsm.consumers.info(bus.streamName, 'outage');
    expect({
      pending: info.num_pending,
      unacked: info.num_ack_pending,
      redelivered: info.num_redelivered,
    }).toEqual({
      pending: 0,
      unacked: 0,
      redelivered: 0,
    });
  });

  it('a batch held through an outage when the consumer stops is left for redelivery, never dead-lettered for it', async () => {
    await publish('org_stop_held', 3);
    let failures = 0;
    const deadLetters: { message: DeadLetter; reason: string }[] = [];
    const consumer = start('stop-held', 'org_stop_held', {
      // Its first delivery is its last: dead-lettering it for the outage would be one attempt away.
      maxDeliver: 1,
      store: async () => {
        failures += 1;
        throw new Outage('database unreachable');
      },
      onDeadLetter: (message, reason) => {
        deadLetters.push({ message, reason });
      },
    });
    await consumer.start();
    await waitFor('the batch held', async () => failures >= 1);
    await consumer.stop();
    // The store's failure was the database's, not the events': none went to the dead letters for it
    // (JetStream itself may give them up after their one delivery: `max deliveries reached (1)`).
    expect(deadLetters.filter((d) => d.reason.startsWith('max deliveries reached:'))).toEqual([]);
  });

  it('an event that can never be stored is dead-lettered alone; the rest of its batch is stored', async () => {
    const events = await publish('org_poison', 30, (i) => i === 17);
    const poisonId = events[17]!.id;
    const stored = new Set<string>();
    const deadLetters: { message: DeadLetter; reason: string }[] = [];
    const consumer = start('poison', 'org_poison', {
      maxDeliver: 3,
      backoffMs: [100],
      batchSize: 50,
      store: async (batch) => {
        // Like a row PostgreSQL refuses (e.g. a NUL character): the whole transaction fails.
        if (batch.some((e) => (e.data as { poison?: boolean }).poison))
          throw new Error('22P05 untranslatable character');
        for (const e of batch) stored.add(e.id);
      },
      onDeadLetter: (message, reason) => {
        deadLetters.push({ message, reason });
      },
    });
    await consumer.start();
    await waitFor('the poison event dead-lettered', async () => deadLetters.length === 1, {
      timeoutMs: 20_000,
    });
    expect(stored.size).toBe(29);
    expect(stored.has(poisonId)).toBe(false);
    const [dead] = deadLetters;
    expect(dead!.reason).toMatch(/^max deliveries reached/);
    expect((JSON.parse(new TextDecoder().decode(dead!.message.data)) as CloudEvent).id).toBe(poisonId);
  });

  it('a consumer stopped while it is still starting never consumes', async () => {
    let stored = 0;
    const consumer = start('stopped-early', 'org_stopped_early', {
      store: async (batch) => {
        stored += batch.length;
      },
    });
    const starting = consumer.start();
    await consumer.stop();
    await starting;
    await publish('org_stopped_early', 3);
    // A running consumer stores these within milliseconds; this one must not.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(stored).toBe(0);
    const info = await readerJsm.consumers.info(bus.streamName, 'stopped-early');
    expect(info.num_pending).toBe(3);
  });

  it('a message JetStream gives up on after its last delivery (the process died storing it) is dead-lettered from the stream', async () => {
    // A first process takes the message and dies while storing it: its connection is gone.
    const dying = await nats.connect('operator');
    let received = false;
    let release: () => void = () => undefined;
    // Either replica may take the advisory (they form a queue group); both dead-letter the same way.
    const deadLetters: DeadLetter[] = [];
    const first = new DurableConsumer({
      nc: dying,
      js: jetstream(dying),
      jsm: await jetstreamManager(dying),
      stream: bus.streamName,
      durable: 'given-up',
      filterSubject: bus.subjects.event('org_given_up', EventType.KeyCreated),
      maxDeliver: 1,
      ackWaitMs: 1500,
      store: () => {
        received = true;
        return new Promise<void>((resolve) => (release = resolve));
      },
      onDeadLetter: (message) => {
        deadLetters.push(message);
      },
    });
    const [event] = await publish('org_given_up', 1);
    await first.start();
    await waitFor('the first process has the message', async () => received, { timeoutMs: 10_000 });
    // Another replica is running; JetStream will not deliver the message again (its one delivery
    // is used up) and announces that instead. It is listening before the first one dies: an
    // advisory nobody listens for is gone.
    const second = start('given-up', 'org_given_up', {
      maxDeliver: 1,
      ackWaitMs: 1500,
      store: async () => {
        throw new Error('must not be delivered again');
      },
      onDeadLetter: (message) => {
        deadLetters.push(message);
      },
    });
    await second.start();
    await dying.close();
    await waitFor('the advisory dead-letters it', async () => deadLetters.length === 1, {
      timeoutMs: 20_000,
    });
    expect((JSON.parse(new TextDecoder().decode(deadLetters[0]!.data)) as CloudEvent).id).toBe(event!.id);
    release();
    await first.stop();
  });
});
