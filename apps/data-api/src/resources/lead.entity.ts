import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { LEAD_STATUSES } from '@latchkey/api-routes';

export const LeadSchema = defineEntity({
  name: 'Lead',
  tableName: 'leads',
  properties: {
    id: p.string().primary(),
    orgId: p.string(),
    projectId: p.string().nullable(),
    name: p.string(),
    email: p.string().nullable(),
    company: p.string().nullable(),
    status: p.enum(LEAD_STATUSES),
    source: p.string().nullable(),
    createdBy: p.string(),
    updatedBy: p.string(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type Lead = InferEntity<typeof LeadSchema>;
