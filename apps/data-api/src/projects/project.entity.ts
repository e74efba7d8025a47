import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const ProjectSchema = defineEntity({
  name: 'Project',
  tableName: 'projects',
  properties: {
    id: p.string().primary(),
    orgId: p.string(),
    name: p.string(),
    description: p.string().nullable(),
    status: p.enum(['active', 'archived'] as const),
    /** The key or user id that created / last changed the row: provenance of every change. */
    createdBy: p.string(),
    updatedBy: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type Project = InferEntity<typeof ProjectSchema>;

export function toProjectView(project: Project) {
  return {
    id: project.id,
    name: project.name,
    description: project.description ?? null,
    status: project.status,
    created_by: project.createdBy,
    updated_by: project.updatedBy,
    created_at: project.createdAt.toISOString(),
    updated_at: project.updatedAt.toISOString(),
  };
}
