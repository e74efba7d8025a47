import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { INVOICE_STATUSES } from '@latchkey/api-routes';

export const InvoiceSchema = defineEntity({
  name: 'Invoice',
  tableName: 'invoices',
  properties: {
    id: p.string().primary(),
    orgId: p.string(),
    projectId: p.string().nullable(),
    leadId: p.string().nullable(),
    number: p.string(),
    /** Minor units (cents), never a float. */
    amountMinor: p.bigint('number'),
    currency: p.string(),
    status: p.enum(INVOICE_STATUSES),
    dueDate: p.string().nullable(),
    createdBy: p.string(),
    updatedBy: p.string(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type Invoice = InferEntity<typeof InvoiceSchema>;
