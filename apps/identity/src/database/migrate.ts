import { z } from 'zod';
import { applyMigrations, databaseEnv, loadConfigOrExit } from '@latchkey/runtime';
import { IDENTITY_ENTITIES } from './entities';
import { Migration20261125000000_initial } from './migrations/Migration20261125000000_initial';
import { Migration20261215000000_credentials } from './migrations/Migration20261215000000_credentials';
import { Migration20261220000000_pepper_ids } from './migrations/Migration20261220000000_pepper_ids';

/** `node apps/identity/dist/database/migrate.js`: applies identity's migrations (idempotent). */
async function main(): Promise<void> {
  const config = loadConfigOrExit(z.object(databaseEnv('identity')));
  const applied = await applyMigrations(config, IDENTITY_ENTITIES, [
    Migration20261125000000_initial,
    Migration20261215000000_credentials,
    Migration20261220000000_pepper_ids,
  ]);
  process.stdout.write(
    `identity: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `identity migration failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
