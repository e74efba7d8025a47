import { defineEntity, p } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { applyMigrations } from './migrations';
import { SchemaReadiness } from './schema-readiness';
import {
  createScratchDatabase as createTestDatabase,
  sql,
  type ScratchDatabase as TestDatabase,
} from './testing/scratch-database';

jest.setTimeout(60_000);

const ThingSchema = defineEntity({
  name: 'Thing',
  tableName: 'things',
  properties: { id: p.integer().primary(), name: p.string() },
});
const ENTITIES = [ThingSchema];

class Migration20990101000000_table extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'public';
    this.addSql(`create table "${s}"."things" ("id" int primary key, "name" text not null)`);
  }
}

/** The pattern docs/operations.md shows: an index built without blocking writes. */
class Migration20990101000001_concurrent_index extends Migration {
  override isTransactional(): boolean {
    return false;
  }

  override up(): void {
    const s = this.config.get('schema') ?? 'public';
    // A failed CONCURRENTLY build leaves an invalid index behind: drop it before building again.
    this.addSql(`drop index concurrently if exists "${s}"."things_name_idx"`);
    this.addSql(`create index concurrently "things_name_idx" on "${s}"."things" ("name")`);
  }
}

/** The other pattern: a lock wait bounded, inside the migration's own transaction. */
class Migration20990101000002_lock_timeout extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'public';
    this.addSql(`set local lock_timeout = '5s'`);
    this.addSql(`alter table "${s}"."things" add column "note" text`);
  }
}

const settings = (db: TestDatabase) => ({
  DATABASE_URL: db.url,
  DATABASE_SCHEMA: 'things',
  DATABASE_POOL_MAX: 2,
});

describe('migrations', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await db.drop();
  });

  it('runs a non-transactional migration (CREATE INDEX CONCURRENTLY) after transactional ones in one run', async () => {
    const applied = await applyMigrations(settings(db), ENTITIES, [
      Migration20990101000000_table,
      Migration20990101000001_concurrent_index,
      Migration20990101000002_lock_timeout,
    ]);
    expect(applied).toEqual([
      'Migration20990101000000_table',
      'Migration20990101000001_concurrent_index',
      'Migration20990101000002_lock_timeout',
    ]);
    const [index] = await sql(
      db.url,
      `select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
        where c.relname = 'things_name_idx'`,
    );
    expect(index).toEqual({ valid: true });
    // Idempotent: nothing left to apply.
    expect(await applyMigrations(settings(db), ENTITIES, [Migration20990101000000_table])).toEqual([]);
  });

  it('schema readiness: behind until migrated, ahead stays ready', async () => {
    const readiness = (expected: string[]) =>
      new SchemaReadiness({
        schema: 'things',
        expected,
        query: (text) => sql(db.url, text),
        recheckMs: 0,
      });
    const image = ['Migration20990101000000_table', 'Migration20990101000001_concurrent_index'];
    // Nothing migrated yet: no migrations table at all.
    const fresh = readiness(image);
    await expect(fresh.check()).rejects.toThrow('schema behind: 2 migrations pending');

    await applyMigrations(settings(db), ENTITIES, [Migration20990101000000_table]);
    await expect(fresh.check()).rejects.toThrow(
      'schema behind: 1 migration pending (Migration20990101000001_concurrent_index)',
    );

    await applyMigrations(settings(db), ENTITIES, [
      Migration20990101000000_table,
      Migration20990101000001_concurrent_index,
    ]);
    await expect(fresh.check()).resolves.toBeUndefined();

    // Rollback: the previous image knows only the first migration; the schema is ahead of it.
    await expect(readiness(['Migration20990101000000_table']).check()).resolves.toBeUndefined();

    // Something missing anyway (reported by a failing store): not ready until cleared.
    fresh.reportMissing('relation "things.other" does not exist');
    await expect(fresh.check()).rejects.toThrow('schema behind: relation "things.other" does not exist');
    fresh.clearMissing();
    await expect(fresh.check()).resolves.toBeUndefined();
  });
});
