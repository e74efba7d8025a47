import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PROJECT_STATUSES } from '@latchkey/api-routes';

export const ProjectSchema = defineEntity({
  name: 'Project',
  tableName: 'projects',
  // The migrations' index: keyset pages of one organisation.
  indexes: [{ name: 'projects_org_idx', properties: ['orgId', 'id'] }],
  properties: {
    id: p.string().length(40).primary(),
    orgId: p.string().length(40),
    name: p.string().length(200),
    description: p.text().nullable(),
    status: p.enum(PROJECT_STATUSES).columnType('varchar(16)'),
    /** The key or user id that created / last changed the row: provenance of every change. */
    createdBy: p.string().length(40),
    updatedBy: p.string().length(40),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export type Project = InferEntity<typeof ProjectSchema>;
