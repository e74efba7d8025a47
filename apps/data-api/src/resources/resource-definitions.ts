import type { EntitySchema } from '@mikro-orm/core';
import { RESOURCE_ID_PREFIX, type ResourceName } from '@latchkey/contracts';
import { idCursor, type PageCursor } from '@latchkey/runtime';
import {
  invoiceWire,
  leadWire,
  projectWire,
  RESOURCE_ROUTES,
  transactionWire,
  type ResourceRoutes,
  type ResourceWire,
} from '@latchkey/api-routes';
import { InvoiceSchema, type Invoice } from './invoice.entity';
import { LeadSchema, type Lead } from './lead.entity';
import { ProjectSchema, type Project } from './project.entity';
import { TransactionSchema, type Transaction } from './transaction.entity';

/**
 * How the data API stores each resource: its table, the column that ties a row to a project, and
 * the mapping between wire fields and entity properties. What the resource looks like on the wire
 * (bodies, filters, views) and its routes are declared in @latchkey/api-routes.
 */

/** Columns every resource row has: organisation, provenance and timestamps. */
export interface BaseRow {
  id: string;
  orgId: string;
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ResourceDefinition<Row extends BaseRow = BaseRow> {
  /** Also names its ids' prefix (RESOURCE_ID_PREFIX in contracts). */
  name: ResourceName;
  /** Bodies, filters and view on the wire. */
  wire: ResourceWire;
  routes: ResourceRoutes;
  /** Its list's cursor: the last row's id, an id of this resource (another list's is refused). */
  cursor: PageCursor<string>;
  entity: EntitySchema<Row>;
  /** The column that ties a row to a project, for project-bound grants (`id` for projects). */
  projectColumn: 'id' | 'projectId';
  /** Wire field -> entity property for creates and updates. */
  toEntity(input: Record<string, unknown>): Partial<Row>;
  /** A row as its wire view (the view schema is what is sent: a field it does not name is dropped). */
  view(row: Row): Record<string, unknown>;
}

const common = (row: BaseRow) => ({
  created_by: row.createdBy,
  updated_by: row.updatedBy,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

const projects: ResourceDefinition<Project> = {
  name: projectWire.name,
  entity: ProjectSchema as unknown as EntitySchema<Project>,
  projectColumn: 'id',
  wire: projectWire,
  routes: RESOURCE_ROUTES.projects,
  cursor: idCursor(RESOURCE_ID_PREFIX.projects),
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
  name: leadWire.name,
  entity: LeadSchema as unknown as EntitySchema<Lead>,
  projectColumn: 'projectId',
  wire: leadWire,
  routes: RESOURCE_ROUTES.leads,
  cursor: idCursor(RESOURCE_ID_PREFIX.leads),
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
  name: invoiceWire.name,
  entity: InvoiceSchema as unknown as EntitySchema<Invoice>,
  projectColumn: 'projectId',
  wire: invoiceWire,
  routes: RESOURCE_ROUTES.invoices,
  cursor: idCursor(RESOURCE_ID_PREFIX.invoices),
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
  name: transactionWire.name,
  entity: TransactionSchema as unknown as EntitySchema<Transaction>,
  projectColumn: 'projectId',
  wire: transactionWire,
  routes: RESOURCE_ROUTES.transactions,
  cursor: idCursor(RESOURCE_ID_PREFIX.transactions),
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
