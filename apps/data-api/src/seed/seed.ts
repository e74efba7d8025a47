import 'reflect-metadata';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { newId } from '@latchkey/auth-core';
import { databaseEnv, loadConfigOrExit, ormOptions } from '@latchkey/runtime';
import { DATA_API_ENTITIES } from '../database/entities';
import { ProjectSchema } from '../projects/project.entity';

/** `SEED_ORG_IDS=org_a,org_b node apps/data-api/dist/seed/seed.js`: demo data, once per organisation. */
const seedConfigSchema = z.object({
  ...databaseEnv('data'),
  SEED_ORG_IDS: z
    .string()
    .regex(/^org_[0-9A-Z]{26}(,org_[0-9A-Z]{26})*$/, 'comma-separated organisation ids'),
});

const PROJECT_NAMES = [
  ['Website relaunch', 'New marketing site and CMS migration'],
  ['Mobile app v2', 'Native rewrite of the customer app'],
  ['Data warehouse', 'Nightly sync of billing and CRM data'],
  ['Partner portal', 'Self-service onboarding for resellers'],
  ['Support automation', 'Ticket triage and routing'],
] as const;

async function main(): Promise<void> {
  const config = loadConfigOrExit(seedConfigSchema);
  const orm = await MikroORM.init<PostgreSqlDriver>(ormOptions(config, DATA_API_ENTITIES));
  try {
    for (const [index, orgId] of config.SEED_ORG_IDS.split(',').entries()) {
      await orm.em.fork().transactional(async (em) => {
        if ((await em.count(ProjectSchema, { orgId })) > 0) return;
        const names = index === 0 ? PROJECT_NAMES : PROJECT_NAMES.slice(0, 2);
        for (const [name, description] of names) {
          const prefix = index === 0 ? '' : 'Globex ';
          em.create(ProjectSchema, {
            id: newId('prj'),
            orgId,
            name: prefix + name,
            description,
            status: 'active',
            createdBy: 'seed',
            updatedBy: 'seed',
            createdAt: new Date(),
            updatedAt: new Date(),
          });
        }
      });
    }
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`data-api seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
