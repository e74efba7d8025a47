import { z } from 'zod';
import { applyMigrations, databaseEnv, loadConfigOrExit } from '@latchkey/runtime';
import { DATA_API_ENTITIES } from './entities';
import { DATA_API_MIGRATIONS } from './migration-list';

/** `node apps/data-api/dist/database/migrate.js` (run by `latchkey migrate`): applies data-api's migrations (idempotent). */
async function main(): Promise<void> {
  const config = loadConfigOrExit(z.object(databaseEnv('data')));
  const applied = await applyMigrations(config, DATA_API_ENTITIES, DATA_API_MIGRATIONS);
  // One JSON line: `latchkey migrate` reads it (and renders it for a person).
  process.stdout.write(
    `${JSON.stringify({ service: 'data-api', schema: config.DATABASE_SCHEMA, applied })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `data-api migration failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
