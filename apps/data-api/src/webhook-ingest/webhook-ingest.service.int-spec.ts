import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { subjectsFor, type Principal } from '@latchkey/contracts';
import { OutboxEventSchema } from '@latchkey/messaging';
import { ormOptions, UnitOfWork } from '@latchkey/runtime';
import { createTestDatabase, migrateAll, sql, type TestDatabase } from '@latchkey/testing';
import type { WebhookConnections } from './webhook-connections';
import { WebhookEventSchema } from './webhook-event.entity';
import { WebhookEventRepository } from './webhook-event.repository';
import { WebhookIngestService } from './webhook-ingest.service';

jest.setTimeout(120_000);

const ORG = 'org_01WEBHOOKINGEST00000000000';
const CONNECTION = 'whc_01WEBHOOKINGEST00000000000';
const principal: Principal = {
  org_id: ORG,
  subject: 'key_01WEBHOOKINGEST00000000000',
  kind: 'api_key',
  scopes: ['webhooks:write'],
};

/** A stored webhook event and its `data.changed` commit in one unit of work; a retry adds neither. */
describe('webhook ingest in a unit of work (real PostgreSQL)', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  let service: WebhookIngestService;
  let nudges: number;

  const count = async (table: string) =>
    Number((await sql<{ n: string }>(db.url, `select count(*) as n from "data"."${table}"`))[0]?.n);

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateAll(db.url);
    orm = await MikroORM.init<PostgreSqlDriver>(
      ormOptions({ DATABASE_URL: db.url, DATABASE_SCHEMA: 'data', DATABASE_POOL_MAX: 4 }, [
        WebhookEventSchema,
        OutboxEventSchema,
      ]),
    );
    const unit = new UnitOfWork(orm, { subjects: subjectsFor('uow'), nudge: () => (nudges += 1) });
    // Identity is not under test: it says the connection is this organisation's active one.
    const connections = {
      lookup: async () => ({ ok: true, connection: { found: true, status: 'active' } }),
    } as unknown as WebhookConnections;
    service = new WebhookIngestService(unit, new WebhookEventRepository(orm), connections);
  });

  beforeEach(async () => {
    nudges = 0;
    await sql(db.url, 'truncate "data"."outbox", "data"."webhook_events"');
  });

  afterAll(async () => {
    await orm?.close();
    await db?.drop();
  });

  const ingest = (key: string) =>
    service.ingest(
      principal,
      CONNECTION,
      { 'idempotency-key': key, 'content-type': 'application/json' },
      { hello: 'world' },
      { request_id: 'req_webhook' },
    );

  it('stores the event and its data.changed together and nudges once; a retry replays the answer and adds nothing', async () => {
    const first = await ingest('key-1');
    expect(first.replayed).toBe(false);
    expect([await count('webhook_events'), await count('outbox'), nudges]).toEqual([1, 1, 1]);

    const retry = await ingest('key-1');
    expect(retry).toEqual({ ...first, replayed: true });
    expect([await count('webhook_events'), await count('outbox'), nudges]).toEqual([1, 1, 1]);
  });
});
