import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration20261125000000_initial } from './migrations/Migration20261125000000_initial';
import { Migration20261125020000_chain } from './migrations/Migration20261125020000_chain';
import { Migration20261126000000_ingest_indexes } from './migrations/Migration20261126000000_ingest_indexes';
import { Migration20261201000000_signed_cuts } from './migrations/Migration20261201000000_signed_cuts';
import { Migration20261229090000_decision_index } from './migrations/Migration20261229090000_decision_index';

/**
 * audit's migrations, in order: what `migrate` applies and what readiness expects the schema to
 * have (SchemaReadiness). A new migration is added here, and only here.
 */
export const AUDIT_MIGRATIONS: Constructor<Migration>[] = [
  Migration20261125000000_initial,
  Migration20261125020000_chain,
  Migration20261126000000_ingest_indexes,
  Migration20261201000000_signed_cuts,
  Migration20261229090000_decision_index,
];

/** Their names, as the migrations table records them. */
export const AUDIT_MIGRATION_NAMES: readonly string[] = AUDIT_MIGRATIONS.map((migration) => migration.name);
