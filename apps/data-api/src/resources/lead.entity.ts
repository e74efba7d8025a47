import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { LEAD_STATUSES } from '@latchkey/api-routes';

export const LeadSchema = defineEntity({
  name: 'Lead',
  tableName: 'leads',
  // The migrations' indexes: keyset pages of one organisation (and of its projects).
  indexes: [
    { name: 'leads_org_idx', properties: ['orgId', 'id'] },
    { name: 'leads_org_project_idx', properties: ['orgId', 'projectId', 'id'] },
  ],
  properties: {
    id: p.string().length(40).primary(),
    orgId: p.string().length(40),
    projectId: p.string().length(40).nullable(),
    name: p.string().length(200),
    email: p.string().length(320).nullable(),
    company: p.string().length(200).nullable(),
    status: p.enum(LEAD_STATUSES).columnType('varchar(16)'),
    source: p.string().length(100).nullable(),
    createdBy: p.string().length(40),
    updatedBy: p.string().length(40),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export type Lead = InferEntity<typeof LeadSchema>;
