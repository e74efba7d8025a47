import { applyMigrations } from '@latchkey/runtime';
import {
  createTestDatabase,
  schemaDriftOf,
  unexplainedDrift,
  type DriftException,
  type TestDatabase,
} from '@latchkey/testing';
import { DATA_API_ENTITIES } from './entities';
import { DATA_API_MIGRATIONS } from './migration-list';

jest.setTimeout(60_000);

const SCHEMA = 'data';

/** What the migrations create on purpose and the entities cannot say (each must still be needed). */
const EXCEPTIONS: DriftException[] = [
  {
    // MikroORM declares a foreign key only for a relation; the entities map references as plain
    // id columns (rows load and list without joins or references to hydrate).
    pattern:
      /^alter table "data"\."(leads|invoices|transactions)" drop constraint "\1_(project|lead|invoice)_id_fkey"$/,
    reason: 'foreign keys of the project_id, lead_id and invoice_id references',
  },
];

describe('data-api schema drift (real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await applyMigrations(
      { DATABASE_URL: db.url, DATABASE_SCHEMA: SCHEMA, DATABASE_POOL_MAX: 2 },
      DATA_API_ENTITIES,
      DATA_API_MIGRATIONS,
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  it("the entities describe exactly the schema the migrations build (MikroORM's update SQL is empty)", async () => {
    const drift = unexplainedDrift(await schemaDriftOf(db.url, SCHEMA, DATA_API_ENTITIES), EXCEPTIONS);
    expect(drift.statements).toEqual([]);
    expect(drift.unusedExceptions).toEqual([]);
  });
});
