import { z } from 'zod';
import { applyMigrations, databaseEnv, loadConfigOrExit } from '@latchkey/runtime';
import { AUDIT_ENTITIES } from './entities';
import { Migration20261125000000_initial } from './migrations/Migration20261125000000_initial';
import { Migration20261125020000_chain } from './migrations/Migration20261125020000_chain';
import { Migration20261126000000_ingest_indexes } from './migrations/Migration20261126000000_ingest_indexes';
import { Migration20261201000000_signed_cuts } from './migrations/Migration20261201000000_signed_cuts';

/** `node apps/audit/dist/database/migrate.js`: applies audit's migrations (idempotent). */
async function main(): Promise<void> {
  const config = loadConfigOrExit(z.object(databaseEnv('audit')));
  const applied = await applyMigrations(config, AUDIT_ENTITIES, [
    Migration20261125000000_initial,
    Migration20261125020000_chain,
    Migration20261126000000_ingest_indexes,
    Migration20261201000000_signed_cuts,
  ]);
  process.stdout.write(`audit: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`audit migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
