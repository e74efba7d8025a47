import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration20261125000000_initial } from './migrations/Migration20261125000000_initial';
import { Migration20261125010000_resources } from './migrations/Migration20261125010000_resources';

/**
 * data-api's migrations, in order: what `migrate` applies and what readiness expects the schema to
 * have (SchemaReadiness). A new migration is added here, and only here.
 */
export const DATA_API_MIGRATIONS: Constructor<Migration>[] = [
  Migration20261125000000_initial,
  Migration20261125010000_resources,
];

/** Their names, as the migrations table records them. */
export const DATA_API_MIGRATION_NAMES: readonly string[] = DATA_API_MIGRATIONS.map(
  (migration) => migration.name,
);
