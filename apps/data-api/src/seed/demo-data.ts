import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '@latchkey/auth-core';
import { IdPrefix } from '@latchkey/contracts';
import { LEAD_STATUSES } from '@latchkey/api-routes';
import { InvoiceSchema, LeadSchema, ProjectSchema, TransactionSchema } from '../resources';

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

/**
 * Demo data of one organisation, the `index`-th seeded (the first gets a few hundred rows, the
 * others a handful), written in `em`'s transaction. An organisation that has projects already is
 * left as it is, so seeding twice changes nothing.
 */
export async function seedOrganisation(em: EntityManager, orgId: string, index: number): Promise<void> {
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
}
