import { applyMigrations } from '@latchkey/runtime';
import { driftExceptions as d, schemaDriftAfterMigrations, type DriftException } from '@latchkey/testing';
import { AUDIT_ENTITIES } from './entities';
import { AUDIT_MIGRATIONS } from './migration-list';

jest.setTimeout(60_000);

const SCHEMA = 'audit';

/** What the migrations create on purpose and the entities cannot say (each must still be needed). */
const CANNOT_EXPRESS: DriftException[] = [
  d.tableWithoutEntity(SCHEMA, 'chain_cuts', "chain_cuts: written and read with the hash chain's own SQL"),
  d.tableWithoutEntity(SCHEMA, 'checkpoints', "checkpoints: written and read with the hash chain's own SQL"),
  d.tableWithoutEntity(SCHEMA, 'key_usage_rollups', 'key_usage_rollups: rolled up with its own SQL'),
];

describe('audit schema drift (real PostgreSQL)', () => {
  it('MikroORM finds no difference between the entities and the migrated schema but the listed exceptions, each still needed', async () => {
    const drift = await schemaDriftAfterMigrations({
      schema: SCHEMA,
      entities: AUDIT_ENTITIES,
      exceptions: CANNOT_EXPRESS,
      migrate: (url) =>
        applyMigrations(
          { DATABASE_URL: url, DATABASE_SCHEMA: SCHEMA, DATABASE_POOL_MAX: 2 },
          AUDIT_ENTITIES,
          AUDIT_MIGRATIONS,
        ),
    });
    expect(drift).toEqual({ statements: [], unusedExceptions: [] });
  });
});
