import { applyMigrations } from '@latchkey/runtime';
import { driftExceptions as d, schemaDriftAfterMigrations, type DriftException } from '@latchkey/testing';
import { DATA_API_ENTITIES } from './entities';
import { DATA_API_MIGRATIONS } from './migration-list';

jest.setTimeout(60_000);

const SCHEMA = 'data';

/** What the migrations create on purpose and the entities cannot say (each must still be needed). */
const EXCEPTIONS: DriftException[] = [
  d.foreignKeys(SCHEMA, 'leads', ['project_id'], 'leads.project_id references projects: a plain id column'),
  d.foreignKeys(
    SCHEMA,
    'invoices',
    ['project_id', 'lead_id'],
    'invoices.project_id and lead_id reference projects and leads: plain id columns',
  ),
  d.foreignKeys(
    SCHEMA,
    'transactions',
    ['project_id', 'invoice_id'],
    'transactions.project_id and invoice_id reference projects and invoices: plain id columns',
  ),
];

describe('data-api schema drift (real PostgreSQL)', () => {
  it('MikroORM finds no difference between the entities and the migrated schema but the listed exceptions, each still needed', async () => {
    const drift = await schemaDriftAfterMigrations({
      schema: SCHEMA,
      entities: DATA_API_ENTITIES,
      exceptions: EXCEPTIONS,
      migrate: (url) =>
        applyMigrations(
          { DATABASE_URL: url, DATABASE_SCHEMA: SCHEMA, DATABASE_POOL_MAX: 2 },
          DATA_API_ENTITIES,
          DATA_API_MIGRATIONS,
        ),
    });
    expect(drift).toEqual({ statements: [], unusedExceptions: [] });
  });
});
