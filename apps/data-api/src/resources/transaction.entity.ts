import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TRANSACTION_STATUSES } from '@latchkey/api-routes';

/** Read-only through the API: transactions come from payment systems, not from integrations. */
export const TransactionSchema = defineEntity({
  name: 'Transaction',
  tableName: 'transactions',
  properties: {
    id: p.string().primary(),
    orgId: p.string(),
    projectId: p.string().nullable(),
    invoiceId: p.string().nullable(),
    amountMinor: p.bigint('number'),
    currency: p.string(),
    status: p.enum(TRANSACTION_STATUSES),
    occurredAt: p.datetime(),
    createdBy: p.string(),
    updatedBy: p.string(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type Transaction = InferEntity<typeof TransactionSchema>;
