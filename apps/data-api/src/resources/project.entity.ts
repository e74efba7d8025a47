import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PROJECT_STATUSES } from '@latchkey/api-routes';

export const ProjectSchema = defineEntity({
  name: 'Project',
  tableName: 'projects',
  properties: {
    id: p.string().primary(),
    orgId: p.string(),
    name: p.string(),
    description: p.string().nullable(),
    status: p.enum(PROJECT_STATUSES),
    /** The key or user id that created / last changed the row: provenance of every change. */
    createdBy: p.string(),
    updatedBy: p.string(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type Project = InferEntity<typeof ProjectSchema>;
