import { z } from 'zod';
import { applyMigrations, databaseEnv, loadConfigOrExit } from '@latchkey/runtime';
import { IDENTITY_ENTITIES } from './entities';
import { IDENTITY_MIGRATIONS } from './migration-list';

/** `node apps/identity/dist/database/migrate.js` (run by `latchkey migrate`): applies identity's migrations (idempotent). */
async function main(): Promise<void> {
  const config = loadConfigOrExit(z.object(databaseEnv('identity')));
  const applied = await applyMigrations(config, IDENTITY_ENTITIES, IDENTITY_MIGRATIONS);
  // One JSON line: `latchkey migrate` reads it (and renders it for a person).
  process.stdout.write(
    `${JSON.stringify({ service: 'identity', schema: config.DATABASE_SCHEMA, applied })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `identity migration failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
