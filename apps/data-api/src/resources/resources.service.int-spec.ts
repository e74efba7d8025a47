import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { CLOUD_EVENT_TYPE_PREFIX, EventType, subjectsFor, type Principal } from '@latchkey/contracts';
import { OutboxEventSchema } from '@latchkey/messaging';
import { ormOptions, UnitOfWork } from '@latchkey/runtime';
import { createTestDatabase, migrateAll, sql, type TestDatabase } from '@latchkey/testing';
import { RESOURCE_ENTITIES } from './index';
import { RESOURCES } from './resource-definitions';
import { ResourceRepository } from './resource.repository';
import { ResourcesService } from './resources.service';

jest.setTimeout(120_000);

const ORG = 'org_01UNITOFWORK00000000000000';
const principal: Principal = {
  org_id: ORG,
  subject: 'key_01UNITOFWORK00000000000000',
  kind: 'api_key',
  key_id: 'key_01UNITOFWORK00000000000000',
  scopes: ['projects:read', 'projects:write', 'leads:read', 'leads:write', 'invoices:read', 'invoices:write'],
};
const ids = { request_id: 'req_unit_of_work' };

/**
 * A resource change and its `data.changed` go through the unit of work: both commit together or
 * neither does, and the relay is told to look only once they are committed.
 */
describe('resource writes in a unit of work (real PostgreSQL)', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  let service: ResourcesService;
  /** What the outbox held, seen from another connection, each time the relay was nudged. */
  let nudges: Promise<number>[];

  const count = async (table: string) =>
    Number((await sql<{ n: string }>(db.url, `select count(*) as n from "data"."${table}"`))[0]?.n);

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateAll(db.url);
    orm = await MikroORM.init<PostgreSqlDriver>(
      ormOptions({ DATABASE_URL: db.url, DATABASE_SCHEMA: 'data', DATABASE_POOL_MAX: 4 }, [
        ...RESOURCE_ENTITIES,
        OutboxEventSchema,
      ]),
    );
    const unit = new UnitOfWork(orm, {
      subjects: subjectsFor('uow'),
      nudge: () => nudges.push(count('outbox')),
    });
    service = new ResourcesService(unit, new ResourceRepository(orm));
  });

  beforeEach(async () => {
    nudges = [];
    await sql(
      db.url,
      'truncate "data"."outbox", "data"."transactions", "data"."invoices", "data"."leads", "data"."projects"',
    );
  });

  afterAll(async () => {
    await orm?.close();
    await db?.drop();
  });

  it('a created row and its data.changed event commit together, then the relay is nudged once', async () => {
    const project = await service.create(
      principal,
      RESOURCES['projects']!,
      { name: 'Atlas', status: 'active' },
      ids,
    );
    expect(await count('projects')).toBe(1);
    const events = await sql<{ payload: { type: string; subject: string; data: { action: string } } }>(
      db.url,
      'select payload from "data"."outbox"',
    );
    expect(events.map((e) => [e.payload.type, e.payload.subject, e.payload.data.action])).toEqual([
      [CLOUD_EVENT_TYPE_PREFIX + EventType.DataChanged, project['id'], 'created'],
    ]);
    // Nudged once, and by then the event was already committed (visible to another connection).
    expect(await Promise.all(nudges)).toEqual([1]);
  });

  it('an update commits its change and its event together, then nudges', async () => {
    const project = await service.create(
      principal,
      RESOURCES['projects']!,
      { name: 'Atlas', status: 'active' },
      ids,
    );
    // The nudge's look at the outbox runs on its own: let it finish before the next change commits.
    expect(await Promise.all(nudges)).toEqual([1]);
    await service.update(
      principal,
      RESOURCES['projects']!,
      project['id'] as string,
      { name: 'Borealis' },
      ids,
    );
    const [row] = await sql<{ name: string }>(db.url, 'select name from "data"."projects"');
    expect(row?.name).toBe('Borealis');
    expect(await count('outbox')).toBe(2);
    expect(await Promise.all(nudges)).toEqual([1, 2]);
  });

  it('a change the database refuses at commit leaves neither the row nor its event, and nudges nobody', async () => {
    // The route's schema refuses a negative amount; past it, the table's check refuses it on flush,
    // after the event was published in the unit.
    await expect(
      service.create(
        principal,
        RESOURCES['invoices']!,
        { number: 'INV-1', amount_minor: -1, currency: 'EUR', status: 'draft' },
        ids,
      ),
    ).rejects.toThrow(/amount_minor/);
    expect(await count('invoices')).toBe(0);
    expect(await count('outbox')).toBe(0);
    expect(nudges).toEqual([]);
  });

  it('a change refused by its rules leaves no event and nudges nobody', async () => {
    await expect(
      service.create(
        principal,
        RESOURCES['leads']!,
        { name: 'Lee', status: 'new', project_id: 'prj_01NOSUCHPROJECT00000000000' },
        ids,
      ),
    ).rejects.toThrow(/project_id/);
    expect(await count('leads')).toBe(0);
    expect(await count('outbox')).toBe(0);
    expect(nudges).toEqual([]);
  });
});
