import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TRANSACTION_STATUSES } from '@latchkey/api-routes';

/** Read-only through the API: transactions come from payment systems, not from integrations. */
export const TransactionSchema = defineEntity({
  name: 'Transaction',
  tableName: 'transactions',
  // The migrations' indexes: keyset pages of one organisation (and of its projects).
  indexes: [
    { name: 'transactions_org_idx', properties: ['orgId', 'id'] },
    { name: 'transactions_org_project_idx', properties: ['orgId', 'projectId', 'id'] },
  ],
  properties: {
    id: p.string().length(40).primary(),
    orgId: p.string().length(40),
    projectId: p.string().length(40).nullable(),
    invoiceId: p.string().length(40).nullable(),
    amountMinor: p.bigint('number'),
    currency: p.string().columnType('char(3)'),
    status: p.enum(TRANSACTION_STATUSES).columnType('varchar(16)'),
    occurredAt: p.datetime(),
    createdBy: p.string().length(40),
    updatedBy: p.string().length(40),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export type Transaction = InferEntity<typeof TransactionSchema>;
