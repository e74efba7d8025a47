import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const WebhookEventSchema = defineEntity({
  name: 'WebhookEvent',
  tableName: 'webhook_events',
  // The migrations' index: keyset pages of one connection's events.
  // One event per Idempotency-Key of a connection (ingest inserts or ignores on it).
  uniques: [
    {
      name: 'webhook_events_idempotency_idx',
      properties: ['orgId', 'connectionId', 'idempotencyKey'],
      where: '"idempotency_key" is not null',
    },
  ],
  indexes: [{ name: 'webhook_events_org_idx', properties: ['orgId', 'connectionId', 'id'] }],
  properties: {
    id: p.string().length(40).primary(),
    orgId: p.string().length(40),
    connectionId: p.string().length(40),
    /** The sender's Idempotency-Key: a retry with the same key is stored once. */
    idempotencyKey: p.string().nullable(),
    /** Selected request headers (content type, user agent, signatures); never credentials. */
    headers: p.json<Record<string, string>>(),
    payload: p.json<unknown>(),
    /** The first response, returned again to a retry. */
    response: p.json<Record<string, unknown>>(),
    receivedAt: p.datetime().defaultRaw('now()'),
    createdBy: p.string().length(40),
  },
});
export type WebhookEvent = InferEntity<typeof WebhookEventSchema>;
