/** Identity's schema: its entities and migrations (applied by `migrate.js`). */
export { IDENTITY_ENTITIES } from './entities';
export { IDENTITY_MIGRATION_NAMES, IDENTITY_MIGRATIONS } from './migration-list';
