import 'reflect-metadata';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { newId } from '@latchkey/auth-core';
import { IdPrefix, isIdOf } from '@latchkey/contracts';
import { databaseEnv, loadConfigOrExit, ormOptions } from '@latchkey/runtime';
import { LEAD_STATUSES } from '@latchkey/api-routes';
import { DATA_API_ENTITIES } from '../database';
import { InvoiceSchema, LeadSchema, ProjectSchema, TransactionSchema } from '../resources';

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

const PROJECTS = [
  ['Website relaunch', 'New marketing site and CMS migration'],
  ['Mobile app v2', 'Native rewrite of the customer app'],
  ['Data warehouse', 'Nightly sync of billing and CRM data'],
  ['Partner portal', 'Self-service onboarding for resellers'],
  ['Support automation', 'Ticket triage and routing'],
] as const;
const FIRST = ['Ada', 'Grace', 'Linus', 'Margaret', 'Alan', 'Barbara', 'Dennis', 'Frances', 'Ken', 'Radia'];
const LAST = [
  'Lovelace',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Turing',
  'Liskov',
  'Ritchie',
  'Allen',
  'Thompson',
  'Perlman',
];
const COMPANIES = [
  'Initech',
  'Hooli',
  'Vandelay',
  'Stark Industries',
  'Wayne Enterprises',
  'Umbrella',
  'Soylent',
  'Tyrell',
];
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'] as const;

/** A tiny deterministic generator: the same demo data on every machine. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit(seedConfigSchema);
  const orm = await MikroORM.init<PostgreSqlDriver>(ormOptions(config, DATA_API_ENTITIES));
  try {
    for (const [index, orgId] of config.SEED_ORG_IDS.split(',').entries()) {
      await orm.em.fork().transactional(async (em) => {
        if ((await em.count(ProjectSchema, { orgId })) > 0) return;
        const random = sequence(index + 7);
        const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
        const scale = index === 0 ? 1 : 0.1;
        const base = Date.now() - 120 * 86_400_000;
        const at = (i: number, n: number) => new Date(base + Math.floor((i / n) * 119 * 86_400_000));
        const prefix = index === 0 ? '' : 'Globex ';
        const projects = PROJECTS.slice(0, index === 0 ? 5 : 2).map(([name, description], i) =>
          em.create(ProjectSchema, {
            id: newId(IdPrefix.Project),
            orgId,
            name: prefix + name,
            description,
            status: i === 4 ? 'archived' : 'active',
            createdBy: 'seed',
            updatedBy: 'seed',
            createdAt: at(i, 5),
            updatedAt: at(i, 5),
          }),
        );
        await em.flush();
        const leadCount = Math.ceil(120 * scale);
        const leads = Array.from({ length: leadCount }, (_, i) => {
          const first = pick(FIRST);
          const last = pick(LAST);
          const company = pick(COMPANIES);
          return em.create(LeadSchema, {
            id: newId(IdPrefix.Lead),
            orgId,
            projectId: pick(projects).id,
            name: `${first} ${last}`,
            email: `${first}.${last}@${company.toLowerCase().replace(/\s+/g, '')}.example`.toLowerCase(),
            company,
            status: pick(LEAD_STATUSES),
            source: pick(['website', 'referral', 'event', 'partner']),
            createdBy: 'seed',
            updatedBy: 'seed',
            createdAt: at(i, leadCount),
            updatedAt: at(i, leadCount),
          });
        });
        await em.flush();
        const invoiceCount = Math.ceil(100 * scale);
        const invoices = Array.from({ length: invoiceCount }, (_, i) => {
          const lead = pick(leads);
          return em.create(InvoiceSchema, {
            id: newId(IdPrefix.Invoice),
            orgId,
            projectId: lead.projectId ?? null,
            leadId: lead.id,
            number: `INV-${2026}-${String(i + 1).padStart(4, '0')}`,
            amountMinor: Math.round(5_000 + random() * 495_000),
            currency: pick(CURRENCIES),
            status: pick(['draft', 'open', 'paid', 'paid', 'void'] as const),
            dueDate: at(i + 10, invoiceCount)
              .toISOString()
              .slice(0, 10),
            createdBy: 'seed',
            updatedBy: 'seed',
            createdAt: at(i, invoiceCount),
            updatedAt: at(i, invoiceCount),
          });
        });
        await em.flush();
        const transactionCount = Math.ceil(150 * scale);
        for (let i = 0; i < transactionCount; i++) {
          const invoice = pick(invoices);
          em.create(TransactionSchema, {
            id: newId(IdPrefix.Transaction),
            orgId,
            projectId: invoice.projectId ?? null,
            invoiceId: invoice.id,
            amountMinor: invoice.amountMinor,
            currency: invoice.currency,
            status: pick(['succeeded', 'succeeded', 'succeeded', 'pending', 'failed', 'refunded'] as const),
            occurredAt: at(i, transactionCount),
            createdBy: 'seed',
            updatedBy: 'seed',
            createdAt: at(i, transactionCount),
            updatedAt: at(i, transactionCount),
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
