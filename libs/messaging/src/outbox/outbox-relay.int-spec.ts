import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { EventType } from '@latchkey/contracts';
import { createTestDatabase, PrivateNatsServer, sql, waitFor, type TestDatabase } from '@latchkey/testing';
import { buildCloudEvent } from '../cloud-event';
import { EventBus } from '../event-bus';
import { enqueueEvent } from './outbox';
import { OutboxEventSchema, outboxTableSql } from './outbox-event.entity';
import { OutboxRelay } from './outbox-relay';

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
    nats = await PrivateNatsServer.start();
    bus = await EventBus.connect({
      servers: nats.url,
      name: 'relay-test',
      stream: 'RELAYTEST',
      subjectPrefix: 'relaytest',
    });
  });

  afterAll(async () => {
    await bus?.nc.close();
    await nats?.halt();
    await orm?.close();
    await db?.drop();
  });

  async function commitEvent(orgId: string): Promise<string> {
    const event = buildCloudEvent({
      type: EventType.KeyCreated,
      orgId,
      source: 'latchkey/test',
      data: { key_id: 'key_test', actor: { type: 'system', id: 'test' } },
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

  it('several relays share the outbox: every event reaches the stream exactly once', async () => {
    const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => commitEvent(`org_share${i % 3}`)));
    const relays = [1, 2, 3].map(() => new OutboxRelay({ orm, js: bus.js, batchSize: 7, idleMs: 50 }));
    const published = await Promise.all(relays.map((r) => drain(r)));
    // Rows are claimed with SKIP LOCKED: no row is published by two relays.
    expect(published.reduce((a, b) => a + b, 0)).toBe(ids.length);
    for (const id of ids.slice(0, 10)) expect(await messagesWithId(id)).toBe(1);
  });
});

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
