import type { EntitySchema } from '@mikro-orm/core';
import { z } from 'zod';
import { IdPrefix, idPattern, type ResourceName } from '@latchkey/contracts';
import { isoDate, text } from '@latchkey/runtime';
import { InvoiceSchema, INVOICE_STATUSES, type Invoice } from './invoice.entity';
import { LeadSchema, LEAD_STATUSES, type Lead } from './lead.entity';
import { ProjectSchema, type Project } from './project.entity';
import { TransactionSchema, TRANSACTION_STATUSES, type Transaction } from './transaction.entity';

/** ISO 4217 codes this runtime knows (Intl's list, which follows the standard). */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const currency = text()
  .length(3)
  .refine((code) => CURRENCIES.has(code), 'not an ISO 4217 currency code');
const amountMinor = z
  .number()
  .int('amount_minor: whole minor units')
  .min(0, 'must not be negative')
  .max(Number.MAX_SAFE_INTEGER);
const id = (prefix: IdPrefix) => text().regex(idPattern(prefix), `not a ${prefix}_ id`);

/** Columns every resource row has: organisation, provenance and timestamps. */
export interface BaseRow {
  id: string;
  orgId: string;
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A filter of the list route: its query parameter and how it narrows the query. */
type FilterSpec = Record<string, z.ZodType>;

export interface ResourceDefinition<Row extends BaseRow = BaseRow> {
  /** Also names its ids' prefix (RESOURCE_ID_PREFIX in contracts). */
  name: ResourceName;
  entity: EntitySchema<Row>;
  /** The column that ties a row to a project, for project-bound grants (`id` for projects). */
  projectColumn: 'id' | 'projectId';
  create?: z.ZodType<Record<string, unknown>>;
  update?: z.ZodType<Record<string, unknown>>;
  /** Extra list filters beyond status and time ranges: query parameter -> entity property. */
  filters: FilterSpec;
  statuses: readonly string[];
  /** Wire field -> entity property for creates and updates. */
  toEntity(input: Record<string, unknown>): Partial<Row>;
  view(row: Row): Record<string, unknown>;
}

const common = (row: BaseRow) => ({
  created_by: row.createdBy,
  updated_by: row.updatedBy,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

const projects: ResourceDefinition<Project> = {
  name: 'projects',
  entity: ProjectSchema as unknown as EntitySchema<Project>,
  projectColumn: 'id',
  create: z.strictObject({
    name: text().trim().min(1).max(200),
    description: text().max(5000).nullable().optional(),
    status: z.enum(['active', 'archived']).default('active'),
  }),
  update: z
    .strictObject({
      name: text().trim().min(1).max(200),
      description: text().max(5000).nullable(),
      status: z.enum(['active', 'archived']),
    })
    .partial(),
  filters: {},
  statuses: ['active', 'archived'],
  toEntity: (i) => ({
    ...(i['name'] !== undefined ? { name: i['name'] as string } : {}),
    ...(i['description'] !== undefined ? { description: i['description'] as string | null } : {}),
    ...(i['status'] !== undefined ? { status: i['status'] as Project['status'] } : {}),
  }),
  view: (r) => ({
    id: r.id,
    name: r.name,
    description: r.description ?? null,
    status: r.status,
    ...common(r),
  }),
};

const leads: ResourceDefinition<Lead> = {
  name: 'leads',
  entity: LeadSchema as unknown as EntitySchema<Lead>,
  projectColumn: 'projectId',
  create: z.strictObject({
    name: text().trim().min(1).max(200),
    email: z.email().max(320).nullable().optional(),
    company: text().max(200).nullable().optional(),
    status: z.enum(LEAD_STATUSES).default('new'),
    source: text().max(100).nullable().optional(),
    project_id: id(IdPrefix.Project).nullable().optional(),
  }),
  update: z
    .strictObject({
      name: text().trim().min(1).max(200),
      email: z.email().max(320).nullable(),
      company: text().max(200).nullable(),
      status: z.enum(LEAD_STATUSES),
      source: text().max(100).nullable(),
    })
    .partial(),
  filters: { project: id(IdPrefix.Project) },
  statuses: LEAD_STATUSES,
  toEntity: (i) => ({
    ...(i['name'] !== undefined ? { name: i['name'] as string } : {}),
    ...(i['email'] !== undefined ? { email: i['email'] as string | null } : {}),
    ...(i['company'] !== undefined ? { company: i['company'] as string | null } : {}),
    ...(i['status'] !== undefined ? { status: i['status'] as Lead['status'] } : {}),
    ...(i['source'] !== undefined ? { source: i['source'] as string | null } : {}),
    ...(i['project_id'] !== undefined ? { projectId: i['project_id'] as string | null } : {}),
  }),
  view: (r) => ({
    id: r.id,
    project_id: r.projectId ?? null,
    name: r.name,
    email: r.email ?? null,
    company: r.company ?? null,
    status: r.status,
    source: r.source ?? null,
    ...common(r),
  }),
};

const invoices: ResourceDefinition<Invoice> = {
  name: 'invoices',
  entity: InvoiceSchema as unknown as EntitySchema<Invoice>,
  projectColumn: 'projectId',
  create: z.strictObject({
    number: text().trim().min(1).max(64),
    amount_minor: amountMinor,
    currency,
    status: z.enum(INVOICE_STATUSES).default('draft'),
    due_date: isoDate().nullable().optional(),
    project_id: id(IdPrefix.Project).nullable().optional(),
    lead_id: id(IdPrefix.Lead).nullable().optional(),
  }),
  update: z
    .strictObject({
      amount_minor: amountMinor,
      currency,
      status: z.enum(INVOICE_STATUSES),
      due_date: isoDate().nullable(),
      lead_id: id(IdPrefix.Lead).nullable(),
    })
    .partial(),
  filters: { project: id(IdPrefix.Project), lead: id(IdPrefix.Lead) },
  statuses: INVOICE_STATUSES,
  toEntity: (i) => ({
    ...(i['number'] !== undefined ? { number: i['number'] as string } : {}),
    ...(i['amount_minor'] !== undefined ? { amountMinor: i['amount_minor'] as number } : {}),
    ...(i['currency'] !== undefined ? { currency: i['currency'] as string } : {}),
    ...(i['status'] !== undefined ? { status: i['status'] as Invoice['status'] } : {}),
    ...(i['due_date'] !== undefined ? { dueDate: i['due_date'] as string | null } : {}),
    ...(i['project_id'] !== undefined ? { projectId: i['project_id'] as string | null } : {}),
    ...(i['lead_id'] !== undefined ? { leadId: i['lead_id'] as string | null } : {}),
  }),
  view: (r) => ({
    id: r.id,
    number: r.number,
    amount_minor: r.amountMinor,
    currency: r.currency,
    status: r.status,
    due_date: r.dueDate ?? null,
    project_id: r.projectId ?? null,
    lead_id: r.leadId ?? null,
    ...common(r),
  }),
};

const transactions: ResourceDefinition<Transaction> = {
  name: 'transactions',
  entity: TransactionSchema as unknown as EntitySchema<Transaction>,
  projectColumn: 'projectId',
  filters: { project: id(IdPrefix.Project), invoice: id(IdPrefix.Invoice) },
  statuses: TRANSACTION_STATUSES,
  toEntity: () => ({}),
  view: (r) => ({
    id: r.id,
    amount_minor: r.amountMinor,
    currency: r.currency,
    status: r.status,
    occurred_at: r.occurredAt.toISOString(),
    project_id: r.projectId ?? null,
    invoice_id: r.invoiceId ?? null,
    ...common(r),
  }),
};

/** Filter query parameter -> entity property. */
export const FILTER_COLUMNS: Record<string, string> = {
  project: 'projectId',
  lead: 'leadId',
  invoice: 'invoiceId',
};

export const RESOURCES: Record<string, ResourceDefinition> = {
  projects: projects as unknown as ResourceDefinition,
  leads: leads as unknown as ResourceDefinition,
  invoices: invoices as unknown as ResourceDefinition,
  transactions: transactions as unknown as ResourceDefinition,
};
