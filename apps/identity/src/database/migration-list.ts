import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration20261125000000_initial } from './migrations/Migration20261125000000_initial';
import { Migration20261215000000_credentials } from './migrations/Migration20261215000000_credentials';
import { Migration20261220000000_pepper_ids } from './migrations/Migration20261220000000_pepper_ids';
import { Migration20261222000000_key_leaks } from './migrations/Migration20261222000000_key_leaks';
import { Migration20261228110000_revocation_plans } from './migrations/Migration20261228110000_revocation_plans';
import { Migration20261228110100_exercised_grants } from './migrations/Migration20261228110100_exercised_grants';
import { Migration20261229090000_canary_keys } from './migrations/Migration20261229090000_canary_keys';
import { Migration20261230000000_expiry_and_dormancy } from './migrations/Migration20261230000000_expiry_and_dormancy';
import { Migration20261230000000_notifications } from './migrations/Migration20261230000000_notifications';

/**
 * identity's migrations, in order: what `migrate` applies and what readiness expects the schema to
 * have (SchemaReadiness). A new migration is added here, and only here.
 */
export const IDENTITY_MIGRATIONS: Constructor<Migration>[] = [
  Migration20261125000000_initial,
  Migration20261215000000_credentials,
  Migration20261220000000_pepper_ids,
  Migration20261222000000_key_leaks,
  Migration20261228110000_revocation_plans,
  Migration20261228110100_exercised_grants,
  Migration20261229090000_canary_keys,
  Migration20261230000000_expiry_and_dormancy,
  Migration20261230000000_notifications,
];

/** Their names, as the migrations table records them. */
export const IDENTITY_MIGRATION_NAMES: readonly string[] = IDENTITY_MIGRATIONS.map(
  (migration) => migration.name,
);
