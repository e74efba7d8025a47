import { z } from 'zod';
import { applyMigrations, databaseEnv, loadConfigOrExit } from '@latchkey/runtime';
import { AUDIT_ENTITIES } from './entities';
import { AUDIT_MIGRATIONS } from './migration-list';

/** `node apps/audit/dist/database/migrate.js`: applies audit's migrations (idempotent). */
async function main(): Promise<void> {
  const config = loadConfigOrExit(z.object(databaseEnv('audit')));
  const applied = await applyMigrations(config, AUDIT_ENTITIES, AUDIT_MIGRATIONS);
  process.stdout.write(`audit: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`audit migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
