import { applyMigrations } from '@latchkey/runtime';
import { driftExceptions as d, schemaDriftAfterMigrations, type DriftException } from '@latchkey/testing';
import { IDENTITY_ENTITIES } from './entities';
import { IDENTITY_MIGRATIONS } from './migration-list';

jest.setTimeout(60_000);

const SCHEMA = 'identity';

/** What the migrations create on purpose and the entities cannot say (each must still be needed). */
const CANNOT_EXPRESS: DriftException[] = [
  d.foreignKeys(
    SCHEMA,
    'api_keys',
    ['org_id'],
    'api_keys.org_id references organisations: a plain id column',
  ),
  d.foreignKeys(
    SCHEMA,
    'api_key_secrets',
    ['key_id'],
    'api_key_secrets.key_id references api_keys: a plain id column',
  ),
  d.foreignKeys(SCHEMA, 'users', ['org_id'], 'users.org_id references organisations: a plain id column'),
  d.foreignKeys(
    SCHEMA,
    'webhook_connections',
    ['org_id', 'key_id'],
    'webhook_connections references: plain id columns',
  ),
  d.tableWithoutEntity(
    SCHEMA,
    'token_issuance',
    'token_issuance: counted with its own SQL (upsert per window)',
  ),
  d.tableWithoutEntity(
    SCHEMA,
    'key_expiry_warnings',
    'key_expiry_warnings: written with its own SQL (insert … on conflict do nothing, once per threshold)',
  ),
  d.tableWithoutEntity(
    SCHEMA,
    'key_revocation_plans',
    'key_revocation_plans: read and claimed with its own SQL (bulk-revocation)',
  ),
  d.tableWithoutEntity(
    SCHEMA,
    'key_source_addresses',
    'key_source_addresses: an upsert per key and address, matched with inet <<= (keys)',
  ),
  d.tableWithoutEntity(
    SCHEMA,
    'key_exercised_routes',
    'key_exercised_routes: an upsert per key and route (least-privilege)',
  ),
  d.tableWithoutEntity(
    SCHEMA,
    'key_request_minutes',
    'key_request_minutes: an upsert per key and minute (least-privilege)',
  ),
];

/**
 * What the entities state as migrated and MikroORM cannot read back from PostgreSQL (each must
 * still be needed: the test fails once the ORM reads it right).
 */
const ORM_MISREADS: DriftException[] = [
  d.indexSortMisread(
    SCHEMA,
    'api_keys',
    'api_keys_org_idx',
    '("org_id", "id" DESC)',
    'api_keys_org_idx: MikroORM reads the DESC of "id" as belonging to "org_id" and loses it',
  ),
  d.indexSortMisread(
    SCHEMA,
    'webhook_connections',
    'webhook_connections_org_idx',
    '("org_id", "id" DESC)',
    'webhook_connections_org_idx: MikroORM reads the DESC of "id" as belonging to "org_id" and loses it',
  ),
];

const EXCEPTIONS = [...CANNOT_EXPRESS, ...ORM_MISREADS];

describe('identity schema drift (real PostgreSQL)', () => {
  it('MikroORM finds no difference between the entities and the migrated schema but the listed exceptions, each still needed', async () => {
    const drift = await schemaDriftAfterMigrations({
      schema: SCHEMA,
      entities: IDENTITY_ENTITIES,
      exceptions: EXCEPTIONS,
      migrate: (url) =>
        applyMigrations(
          { DATABASE_URL: url, DATABASE_SCHEMA: SCHEMA, DATABASE_POOL_MAX: 2 },
          IDENTITY_ENTITIES,
          IDENTITY_MIGRATIONS,
        ),
    });
    expect(drift).toEqual({ statements: [], unusedExceptions: [] });
  });
});
