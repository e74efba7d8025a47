import 'reflect-metadata';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { IdPrefix, isIdOf } from '@latchkey/contracts';
import { databaseEnv, loadConfigOrExit, ormOptions } from '@latchkey/runtime';
import { DATA_API_ENTITIES } from '../database';
import { seedOrganisation } from './demo-data';

/**
 * `SEED_ORG_IDS=org_a,org_b node apps/data-api/dist/seed/seed.js` (run by `latchkey seed`): realistic demo data, once per
 * organisation (a few hundred rows for the first, a handful for the others). Deterministic, so
 * every `npm start` shows the same picture.
 */
const seedConfigSchema = z.object({
  ...databaseEnv('data'),
  SEED_ORG_IDS: z
    .string()
    .refine(
      (ids) => ids.split(',').every((id) => isIdOf(IdPrefix.Organisation, id)),
      'comma-separated organisation ids',
    ),
});

async function main(): Promise<void> {
  const config = loadConfigOrExit(seedConfigSchema);
  const orm = await MikroORM.init<PostgreSqlDriver>(ormOptions(config, DATA_API_ENTITIES));
  try {
    for (const [index, orgId] of config.SEED_ORG_IDS.split(',').entries()) {
      await orm.em.fork().transactional((em) => seedOrganisation(em, orgId, index));
    }
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`data-api seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
