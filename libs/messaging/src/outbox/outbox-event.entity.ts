import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A row of a service's transactional outbox. Each service that emits events adds this entity
 * to its own ORM, so the table lives in that service's schema, written in the same
 * transaction as the change it describes.
 */
export const OutboxEventSchema = defineEntity({
  name: 'OutboxEvent',
  tableName: 'outbox',
  // What outboxTableSql creates (the schema-drift tests compare): the relay reads pending rows oldest first.
  indexes: [{ name: 'outbox_pending_idx', properties: ['createdAt'], where: '"published_at" is null' }],
  properties: {
    id: p.string().length(64).primary(),
    subject: p.string(),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    publishedAt: p.datetime().nullable(),
    attempts: p.integer().default(0),
  },
});

export type OutboxEvent = InferEntity<typeof OutboxEventSchema>;

/** SQL for a service's migration: the outbox table and its pending-rows index. */
export function outboxTableSql(schema: string): string[] {
  return [
    `create table if not exists "${schema}"."outbox" (
      "id" varchar(64) primary key,
      "subject" varchar(255) not null,
      "payload" jsonb not null,
      "created_at" timestamptz not null default now(),
      "published_at" timestamptz null,
      "attempts" int not null default 0
    )`,
    `create index if not exists "outbox_pending_idx" on "${schema}"."outbox" ("created_at") where "published_at" is null`,
  ];
}
