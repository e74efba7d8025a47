import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { errors, type NatsConnection } from '@nats-io/nats-core';
import { createUser } from '@nats-io/nkeys';
import { EVENT_TYPES, EVENT_PRODUCERS, subjectsFor, type BusUser, type EventType } from '@latchkey/contracts';
import { PrivateNatsServer, waitFor } from '@latchkey/testing';
import { EventBus } from './event-bus';

jest.setTimeout(60_000);

const LAYOUT = { stream: 'PERMTEST', subjectPrefix: 'permtest', auditConsumer: 'audit' };
const s = subjectsFor(LAYOUT.subjectPrefix);
const ORG = 'org_perm';

/** The permission violations the server reported to a connection, as `publish subject` / `subscription subject`. */
function violations(nc: NatsConnection): string[] {
  const seen: string[] = [];
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'error' && status.error instanceof errors.PermissionViolationError)
        seen.push(`${status.error.operation} ${status.error.subject}`);
    }
  })();
  return seen;
}

/**
 * The deployment's NATS authorization (rendered from libs/contracts' bus-permissions) on a real
 * nats-server: who may connect, who may say what.
 */
describe('the bus admits only known services, each to its own subjects (real nats-server)', () => {
  let nats: PrivateNatsServer;
  const open: NatsConnection[] = [];
  let operator: NatsConnection;

  async function as(user: BusUser): Promise<{ nc: NatsConnection; denied: string[] }> {
    const nc = await nats.connect(user);
    open.push(nc);
    return { nc, denied: violations(nc) };
  }

  async function streamMessages(): Promise<number> {
    return (await (await jetstreamManager(operator)).streams.info(LAYOUT.stream)).state.messages;
  }

  beforeAll(async () => {
    nats = await PrivateNatsServer.start(LAYOUT);
    // The stream as a service creates it at boot.
    const bus = await EventBus.connect({
      servers: nats.url,
      name: 'identity',
      stream: LAYOUT.stream,
      subjectPrefix: LAYOUT.subjectPrefix,
      credentials: { user: 'identity', seed: nats.seedOf('identity') },
    });
    await bus.drain();
    operator = await nats.connect('operator');
    open.push(operator);
  });

  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close().catch(() => undefined)));
    await nats?.remove();
  });

  it('a client without credentials is refused', async () => {
    await expect(nats.connectAnonymously()).rejects.toThrow(/authorization/i);
  });

  it('a client with an nkey the server does not list is refused', async () => {
    const stranger = new TextDecoder().decode(createUser().getSeed());
    await expect(nats.connect('gateway', stranger)).rejects.toThrow(/authorization/i);
  });

  it("the gateway's credentials cannot publish identity's subjects or another service's events", async () => {
    // A witness subscribed where identity's announcements arrive: nothing forged may reach it.
    const witness = await as('gateway');
    const heard: string[] = [];
    witness.nc.subscribe(s.keyInvalidate, { callback: (_e, msg) => void heard.push(msg.subject) });
    witness.nc.subscribe(s.userInvalidate, { callback: (_e, msg) => void heard.push(msg.subject) });
    await witness.nc.flush();
    const before = await streamMessages();

    const gateway = await as('gateway');
    const forbidden = [
      s.keyInvalidate,
      s.userInvalidate,
      ...EVENT_TYPES.filter((type) => EVENT_PRODUCERS[type] !== 'gateway').map((type) => s.event(ORG, type)),
      s.deadLetter('audit'),
      `$JS.API.STREAM.DELETE.${LAYOUT.stream}`,
      `$JS.API.STREAM.PURGE.${LAYOUT.stream}`,
      `$JS.API.STREAM.UPDATE.${LAYOUT.stream}`,
      `$JS.API.CONSUMER.DELETE.${LAYOUT.stream}.audit`,
    ];
    for (const subject of forbidden) gateway.nc.publish(subject, JSON.stringify({ key_id: 'key_x' }));
    await gateway.nc.flush();
    await waitFor('every publish refused', async () => gateway.denied.length >= forbidden.length, {
      timeoutMs: 15_000,
    });
    expect(new Set(gateway.denied)).toEqual(new Set(forbidden.map((subject) => `publish ${subject}`)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual([]);
    expect(await streamMessages()).toBe(before);
    // Through JetStream too: no ack, nothing stored.
    await expect(
      jetstream(gateway.nc).publish(s.event(ORG, 'key.revoked'), '{}', { timeout: 1000 }),
    ).rejects.toThrow();
    expect(await streamMessages()).toBe(before);
  });

  it("the gateway cannot answer identity's lookups or read another service's replies", async () => {
    const gateway = await as('gateway');
    for (const subject of [
      s.keyLookup,
      s.userLookup,
      s.webhookConnectionLookup,
      '_INBOX_identity.>',
      '_INBOX.>',
    ])
      gateway.nc.subscribe(subject, { callback: () => undefined });
    await gateway.nc.flush();
    await waitFor('every subscription refused', async () => gateway.denied.length >= 5, {
      timeoutMs: 15_000,
    });
    expect(new Set(gateway.denied)).toEqual(
      new Set(
        [s.keyLookup, s.userLookup, s.webhookConnectionLookup, '_INBOX_identity.>', '_INBOX.>'].map(
          (subject) => `subscription ${subject}`,
        ),
      ),
    );
  });

  it.each([
    ['audit', EVENT_TYPES],
    ['data-api', EVENT_TYPES.filter((type) => EVENT_PRODUCERS[type] !== 'data-api')],
    ['identity', EVENT_TYPES.filter((type) => EVENT_PRODUCERS[type] !== 'identity')],
    ['operator', EVENT_TYPES],
  ] as [BusUser, EventType[]][])('%s cannot publish events it does not produce', async (user, types) => {
    const before = await streamMessages();
    const client = await as(user);
    for (const type of types) client.nc.publish(s.event(ORG, type), '{}');
    await client.nc.flush();
    await waitFor('every publish refused', async () => client.denied.length >= types.length, {
      timeoutMs: 15_000,
    });
    expect(client.denied.sort()).toEqual(types.map((type) => `publish ${s.event(ORG, type)}`).sort());
    expect(await streamMessages()).toBe(before);
  });

  it('each service can do what it must: lookups, invalidations, heartbeats, rate-limit sync, events, consuming', async () => {
    const identity = await as('identity');
    const gateway = await as('gateway');
    const dataApi = await as('data-api');
    const audit = await as('audit');

    // identity answers lookups (request/reply through the requester's own inbox).
    identity.nc.subscribe(s.keyLookup, { queue: 'identity', callback: (_e, msg) => void msg.respond('key') });
    identity.nc.subscribe(s.webhookConnectionLookup, {
      queue: 'identity',
      callback: (_e, msg) => void msg.respond('connection'),
    });
    // gateways confirm invalidations, and hear heartbeats and rate-limit shares.
    gateway.nc.subscribe(s.keyInvalidate, { callback: (_e, msg) => void msg.respond('evicted') });
    const shared: string[] = [];
    gateway.nc.subscribe(s.rateLimitSync, { callback: (_e, msg) => void shared.push(msg.string()) });
    const beats: string[] = [];
    identity.nc.subscribe(s.gatewayHeartbeat, { callback: (_e, msg) => void beats.push(msg.string()) });
    await Promise.all([identity.nc.flush(), gateway.nc.flush()]);

    expect((await gateway.nc.request(s.keyLookup, '{}', { timeout: 2000 })).string()).toBe('key');
    expect((await dataApi.nc.request(s.webhookConnectionLookup, '{}', { timeout: 2000 })).string()).toBe(
      'connection',
    );
    expect((await identity.nc.request(s.keyInvalidate, '{}', { timeout: 2000 })).string()).toBe('evicted');
    gateway.nc.publish(s.rateLimitSync, 'counts');
    gateway.nc.publish(s.gatewayHeartbeat, 'beat');
    await waitFor('sync and heartbeat delivered', async () => shared.length === 1 && beats.length === 1, {
      timeoutMs: 10_000,
    });

    // Each producer publishes its own events through JetStream (acked, stored).
    const before = await streamMessages();
    await jetstream(identity.nc).publish(s.event(ORG, 'key.revoked'), '{}');
    await jetstream(gateway.nc).publish(s.event(ORG, 'key.used'), '{}');
    await jetstream(gateway.nc).publish(s.event(ORG, 'auth.denied'), '{}');
    await jetstream(dataApi.nc).publish(s.event(ORG, 'data.changed'), '{}');
    expect(await streamMessages()).toBe(before + 4);

    // audit consumes the whole stream with its durable consumer and acks.
    const jsm = await jetstreamManager(audit.nc);
    await jsm.consumers.add(LAYOUT.stream, {
      durable_name: 'audit',
      ack_policy: 'explicit' as never,
      filter_subject: s.events,
    });
    const consumer = await jetstream(audit.nc).consumers.get(LAYOUT.stream, 'audit');
    const first = await consumer.next({ expires: 2000 });
    expect(first?.subject.startsWith(`${LAYOUT.subjectPrefix}.`)).toBe(true);
    expect(await first!.ackAck()).toBe(true);
    // ... but not with a consumer of another name, nor a wider one for identity's.
    await expect(
      jsm.consumers.add(LAYOUT.stream, { durable_name: 'snoop', ack_policy: 'explicit' as never }),
    ).rejects.toThrow();
    expect(gateway.denied).toEqual([]);
    expect(identity.denied).toEqual([]);
    expect(dataApi.denied).toEqual([]);
  });

  it('a service whose key is dropped is shut out, and is back on the bus once its key is listed again', async () => {
    const seed = nats.seedOf('data-api');
    const bus = await EventBus.connect({
      servers: nats.url,
      name: 'data-api',
      stream: LAYOUT.stream,
      subjectPrefix: LAYOUT.subjectPrefix,
      credentials: { user: 'data-api', seed },
    });
    try {
      const stranger = new TextDecoder().decode(createUser().getSeed());
      await nats.setSeeds({ 'data-api': [stranger] });
      await waitFor('the connection to be refused', async () => !(await published(bus)), {
        timeoutMs: 20_000,
      });
      // Several refused reconnects later (nats.js would give up after two), the key is back.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await nats.setSeeds({ 'data-api': [seed] });
      await waitFor('the bus back', () => published(bus), { timeoutMs: 30_000 });
      expect(bus.nc.isClosed()).toBe(false);
    } finally {
      await nats.setSeeds({ 'data-api': [seed] });
      await bus.drain();
    }
  });
});

/** Whether an event can be published and acked now. */
async function published(bus: EventBus): Promise<boolean> {
  try {
    await bus.js.publish(s.event(ORG, 'data.changed'), '{}', { timeout: 1000 });
    return true;
  } catch {
    return false;
  }
}
