import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { EventType, subjectsFor } from '@latchkey/contracts';
import { buildCloudEvent, OutboxEventSchema, outboxTableSql } from '@latchkey/messaging';
import { createScratchDatabase, sql, type ScratchDatabase } from './testing/scratch-database';
import { UnitOfWork } from './unit-of-work';

jest.setTimeout(60_000);

const SCHEMA = 'unit_of_work';

function keyCreated(orgId: string, data: Record<string, unknown> = {}) {
  return buildCloudEvent({
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
      ...data,
    },
  });
}

describe('unit of work (real PostgreSQL)', () => {
  let db: ScratchDatabase;
  let orm: MikroORM;
  let nudges: number;
  let unit: UnitOfWork;

  beforeAll(async () => {
    db = await createScratchDatabase();
    await sql(db.url, `create schema "${SCHEMA}"`);
    for (const statement of outboxTableSql(SCHEMA)) await sql(db.url, statement);
    await sql(db.url, `create table "${SCHEMA}".thing (id text primary key)`);
    orm = await MikroORM.init<PostgreSqlDriver>({
      clientUrl: db.url,
      schema: SCHEMA,
      entities: [OutboxEventSchema],
    });
    // The relay is not under test: what matters is when (and whether) it is told to look.
    unit = new UnitOfWork(orm, { subjects: subjectsFor('uow'), nudge: () => (nudges += 1) });
  });

  beforeEach(async () => {
    nudges = 0;
    await sql(db.url, `truncate "${SCHEMA}".outbox, "${SCHEMA}".thing`);
  });

  afterAll(async () => {
    await orm?.close();
    await db?.drop();
  });

  const outboxIds = async () =>
    (await sql<{ id: string }>(db.url, `select id from "${SCHEMA}".outbox order by created_at`)).map(
      (r) => r.id,
    );
  const things = async () =>
    (await sql<{ id: string }>(db.url, `select id from "${SCHEMA}".thing`)).map((r) => r.id);

  it('commits the change and its events together, then nudges the relay once', async () => {
    const first = keyCreated('org_a');
    const second = keyCreated('org_a');
    let nudgesDuringWork = -1;
    await unit.run(async (tx) => {
      await tx.em.execute(`insert into "${SCHEMA}".thing (id) values ('t1')`);
      tx.publish(first);
      tx.publish(second);
      nudgesDuringWork = nudges;
    });
    expect(nudgesDuringWork).toBe(0);
    expect(await things()).toEqual(['t1']);
    expect((await outboxIds()).sort()).toEqual([first.id, second.id].sort());
    expect(nudges).toBe(1);
  });

  it('a failing change leaves neither its rows nor its events, and nudges nobody', async () => {
    await expect(
      unit.run(async (tx) => {
        await tx.em.execute(`insert into "${SCHEMA}".thing (id) values ('t2')`);
        tx.publish(keyCreated('org_a'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await things()).toEqual([]);
    expect(await outboxIds()).toEqual([]);
    expect(nudges).toBe(0);
  });

  it('an event that does not match its schema rolls back the whole change', async () => {
    await expect(
      unit.run(async (tx) => {
        await tx.em.execute(`insert into "${SCHEMA}".thing (id) values ('t3')`);
        tx.publish({ ...keyCreated('org_a'), data: { key_id: 42 } });
      }),
    ).rejects.toThrow(/schema/);
    expect(await things()).toEqual([]);
    expect(await outboxIds()).toEqual([]);
    expect(nudges).toBe(0);
  });

  it('a change without events commits without nudging the relay', async () => {
    await unit.run(async (tx) => {
      await tx.em.execute(`insert into "${SCHEMA}".thing (id) values ('t4')`);
    });
    expect(await things()).toEqual(['t4']);
    expect(nudges).toBe(0);
  });

  it('work that joins a unit in progress commits and is announced with it, once', async () => {
    const inner = keyCreated('org_b');
    const outer = keyCreated('org_b');
    await unit.run(async (tx) => {
      await unit.run(
        async (joined) => {
          expect(joined).toBe(tx);
          joined.publish(inner);
        },
        { within: tx },
      );
      expect(nudges).toBe(0);
      tx.publish(outer);
    });
    expect((await outboxIds()).sort()).toEqual([inner.id, outer.id].sort());
    expect(nudges).toBe(1);
  });
});
