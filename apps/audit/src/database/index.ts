/** Audit's schema: its entities and migrations (`migrate.ts` is the task that applies them). */
export { AUDIT_ENTITIES } from './entities';
export { AUDIT_MIGRATIONS, AUDIT_MIGRATION_NAMES } from './migration-list';
