import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { INVOICE_STATUSES } from '@latchkey/api-routes';

export const InvoiceSchema = defineEntity({
  name: 'Invoice',
  tableName: 'invoices',
  // The migrations' indexes: keyset pages of one organisation (and of its projects).
  // Amounts are never negative (the route's schema says so too; this holds for every writer).
  checks: [{ name: 'invoices_amount_minor_check', expression: '"amount_minor" >= 0' }],
  indexes: [
    { name: 'invoices_org_idx', properties: ['orgId', 'id'] },
    { name: 'invoices_org_project_idx', properties: ['orgId', 'projectId', 'id'] },
  ],
  properties: {
    id: p.string().length(40).primary(),
    orgId: p.string().length(40),
    projectId: p.string().length(40).nullable(),
    leadId: p.string().length(40).nullable(),
    number: p.string().length(64),
    /** Minor units (cents), never a float. */
    amountMinor: p.bigint('number'),
    currency: p.string().columnType('char(3)'),
    status: p.enum(INVOICE_STATUSES).columnType('varchar(16)'),
    /** A calendar date (`YYYY-MM-DD`), read and written as that text. */
    dueDate: p.string().columnType('date').nullable(),
    createdBy: p.string().length(40),
    updatedBy: p.string().length(40),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export type Invoice = InferEntity<typeof InvoiceSchema>;
