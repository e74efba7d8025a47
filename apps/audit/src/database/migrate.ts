import { z } from 'zod';
import { applyMigrations, databaseEnv, loadConfigOrExit } from '@latchkey/runtime';
import { AUDIT_ENTITIES } from './entities';
import { AUDIT_MIGRATIONS } from './migration-list';

/** `node apps/audit/dist/database/migrate.js` (run by `latchkey migrate`): applies audit's migrations (idempotent). */
async function main(): Promise<void> {
  const config = loadConfigOrExit(z.object(databaseEnv('audit')));
  const applied = await applyMigrations(config, AUDIT_ENTITIES, AUDIT_MIGRATIONS);
  // One JSON line: `latchkey migrate` reads it (and renders it for a person).
  process.stdout.write(`${JSON.stringify({ service: 'audit', schema: config.DATABASE_SCHEMA, applied })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`audit migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
