import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { register } from 'prom-client';
import { EventType } from '@latchkey/contracts';
import { createTestDatabase, PrivateNatsServer, sql, waitFor, type TestDatabase } from '@latchkey/testing';
import { buildCloudEvent } from '../cloud-event';
import { EventBus } from '../event-bus';
import { enqueueEvent } from './outbox';
import { OutboxEventSchema, outboxTableSql } from './outbox-event.entity';
import { outboxClaimTimeoutMs, OutboxRelay } from './outbox-relay';

jest.setTimeout(60_000);

const SCHEMA = 'relay';

describe('outbox relay (real PostgreSQL and NATS)', () => {
  let db: TestDatabase;
  let nats: PrivateNatsServer;
  let orm: MikroORM;
  let bus: EventBus;

  beforeAll(async () => {
    db = await createTestDatabase();
    await sql(db.url, `create schema "${SCHEMA}"`);
    for (const statement of outboxTableSql(SCHEMA)) await sql(db.url, statement);
    orm = await MikroORM.init<PostgreSqlDriver>({
      clientUrl: db.url,
      schema: SCHEMA,
      entities: [OutboxEventSchema],
    });
    nats = await PrivateNatsServer.start({
      stream: 'RELAYTEST',
      subjectPrefix: 'relaytest',
      auditConsumer: 'audit',
    });
    // Identity's relay: key.created is identity's to emit.
    bus = await EventBus.connect({
      servers: nats.url,
      name: 'relay-test',
      stream: 'RELAYTEST',
      subjectPrefix: 'relaytest',
      credentials: { user: 'identity', seed: nats.seedOf('identity') },
    });
  });

  afterAll(async () => {
    await bus?.nc.close();
    await nats?.remove();
    await orm?.close();
    await db?.drop();
  });

  async function commitEvent(orgId: string): Promise<string> {
    const event = buildCloudEvent({
      type: EventType.KeyCreated,
      orgId,
      source: 'latchkey/test',
      data: {
        key_id: 'key_test',
        public_id: 'pk_test',
        prefix: 'lk_test_0000',
        name: 'test',
        environment: 'test',
        scopes: [],
        expires_at: null,
        actor: { type: 'system', id: 'test' },
      },
    });
    await orm.em.fork().transactional(async (em) => {
      enqueueEvent(em, bus.subjects, event);
    });
    return event.id;
  }

  async function messagesWithId(eventId: string): Promise<number> {
    const info = await bus.jsm.streams.info('RELAYTEST');
    let count = 0;
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const message = await bus.jsm.streams.getMessage('RELAYTEST', { seq }).catch(() => null);
      if (message?.header?.get('Nats-Msg-Id') === eventId) count += 1;
    }
    return count;
  }

  it('an event written while NATS is unreachable is published once NATS is back, exactly once', async () => {
    await nats.halt();
    await waitFor(
      'client to notice NATS is gone',
      async () => bus.nc.isClosed() === false && !(await isConnected(bus)),
      {
        timeoutMs: 10_000,
      },
    );

    const eventId = await commitEvent('org_relay');
    const relay = new OutboxRelay({ orm, js: bus.js, idleMs: 100, publishTimeoutMs: 500 });
    relay.start();
    try {
      // While NATS is down the row stays pending (retried, never marked published).
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const [pending] = await sql<{ published_at: Date | null; attempts: number }>(
        db.url,
        `select published_at, attempts from "${SCHEMA}".outbox where id = $1`,
        [eventId],
      );
      expect(pending?.published_at).toBeNull();
      expect(pending?.attempts).toBeGreaterThan(0);

      await nats.resume();
      await waitFor(
        'the relay to publish the pending row',
        async () => {
          const [row] = await sql<{ published_at: Date | null }>(
            db.url,
            `select published_at from "${SCHEMA}".outbox where id = $1`,
            [eventId],
          );
          return row?.published_at != null;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
    } finally {
      await relay.stop();
    }

    expect(await messagesWithId(eventId)).toBe(1);
    // Nothing is left to publish, and relaying again adds nothing to the stream.
    expect(await new OutboxRelay({ orm, js: bus.js }).relayOnce()).toBe(0);
    expect(await messagesWithId(eventId)).toBe(1);
  });

  it('the backlog gauges grow while NATS is down and return to 0 once the relay caught up', async () => {
    await drain(new OutboxRelay({ orm, js: bus.js }));
    const relay = new OutboxRelay({
      orm,
      js: bus.js,
      idleMs: 50,
      publishTimeoutMs: 300,
      backlogSampleMs: 50,
    });
    relay.start();
    try {
      await waitFor(
        'an empty backlog reported',
        async () => (await gauge(AGE)) === 0 && (await gauge(PENDING)) === 0,
      );
      await nats.halt();
      await waitFor('client to notice NATS is gone', async () => !(await isConnected(bus)), {
        timeoutMs: 10_000,
      });
      for (let i = 0; i < 3; i++) await commitEvent('org_backlog');

      await waitFor(
        'the backlog reported',
        async () => (await gauge(PENDING)) === 3 && ((await gauge(AGE)) ?? 0) > 0,
        {
          timeoutMs: 10_000,
          intervalMs: 50,
        },
      );
      const first = (await gauge(AGE)) ?? 0;
      // The oldest event keeps waiting: its age keeps growing while publishes fail.
      await waitFor('the age to grow', async () => ((await gauge(AGE)) ?? 0) > first + 0.5, {
        timeoutMs: 10_000,
        intervalMs: 100,
      });
      expect(await gauge(PENDING)).toBe(3);

      await nats.resume();
      await waitFor(
        'the backlog drained and reported',
        async () => (await gauge(PENDING)) === 0 && (await gauge(AGE)) === 0,
        {
          timeoutMs: 30_000,
          intervalMs: 100,
        },
      );
    } finally {
      await relay.stop();
    }
    // The gauges are what PostgreSQL says: nothing left unpublished.
    const [left] = await sql<{ n: string }>(
      db.url,
      `select count(*) as n from "${SCHEMA}".outbox where published_at is null`,
    );
    expect(Number(left?.n)).toBe(0);
  });

  it('a relay stalled mid-round loses its claim after the claim timeout: another relay publishes the row, once', async () => {
    // Drain what earlier tests left, so the stalled relay claims exactly this test's row.
    await drain(new OutboxRelay({ orm, js: bus.js }));
    const eventId = await commitEvent('org_stalled');
    const timing = { batchSize: 1, idleMs: 50, publishTimeoutMs: 200 };
    const STALL_MS = 6000;
    // A relay whose process stops answering right after claiming (a frozen or partitioned host): its
    // publish waits far past anything its own timeouts allow, its transaction idle in PostgreSQL.
    const stalledJs = new Proxy(bus.js, {
      get: (target, prop, receiver) =>
        prop === 'publish'
          ? async (...args: Parameters<typeof target.publish>) => {
              await new Promise((resolve) => setTimeout(resolve, STALL_MS));
              return target.publish(...args);
            }
          : Reflect.get(target, prop, receiver),
    });
    // Its own pool, as a process of its own would have.
    const stalledOrm = await MikroORM.init<PostgreSqlDriver>({
      clientUrl: db.url,
      schema: SCHEMA,
      entities: [OutboxEventSchema],
    });
    const started = Date.now();
    const stalled = new OutboxRelay({ orm: stalledOrm, js: stalledJs, ...timing })
      .relayOnce()
      .catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const healthy = new OutboxRelay({ orm, js: bus.js, ...timing });
    let publishedAt = 0;
    while (Date.now() - started < STALL_MS - 500) {
      if ((await healthy.relayOnce()) > 0) {
        publishedAt = Date.now() - started;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Released after the claim timeout (batch × publish timeout + 1 s = 1.2 s), not when the stall ends.
    expect(publishedAt).toBeGreaterThanOrEqual(outboxClaimTimeoutMs(timing));
    expect(publishedAt).toBeLessThan(STALL_MS - 500);
    // The stalled round's late publish carries the same Nats-Msg-Id: JetStream drops it.
    expect(String(await stalled)).toMatch(/connection error|terminat/i);
    expect(await messagesWithId(eventId)).toBe(1);
    // Not closed: PostgreSQL ended its session and its pool never gets that connection back, so
    // closing it would wait forever (a process that stalls this long and resumes waits at shutdown).
  });

  it('several relays share the outbox: every event reaches the stream exactly once', async () => {
    const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => commitEvent(`org_share${i % 3}`)));
    const relays = [1, 2, 3].map(() => new OutboxRelay({ orm, js: bus.js, batchSize: 7, idleMs: 50 }));
    const published = await Promise.all(relays.map((r) => drain(r)));
    // Rows are claimed with SKIP LOCKED: no row is published by two relays.
    expect(published.reduce((a, b) => a + b, 0)).toBe(ids.length);
    for (const id of ids.slice(0, 10)) expect(await messagesWithId(id)).toBe(1);
  });
});

const AGE = 'latchkey_outbox_oldest_pending_age_seconds';
const PENDING = 'latchkey_outbox_pending_events';

/** The gauge's value for this suite's outbox, as /metrics would show it. */
async function gauge(name: string): Promise<number | undefined> {
  const metric = await register.getSingleMetric(name)?.get();
  return metric?.values.find((v) => v.labels['schema'] === SCHEMA)?.value;
}

async function drain(relay: OutboxRelay): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await relay.relayOnce();
    if (n === 0) return total;
    total += n;
  }
}

async function isConnected(bus: EventBus): Promise<boolean> {
  try {
    await bus.nc.flush();
    return true;
  } catch {
    return false;
  }
}
