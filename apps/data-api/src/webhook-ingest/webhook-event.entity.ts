import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const WebhookEventSchema = defineEntity({
  name: 'WebhookEvent',
  tableName: 'webhook_events',
  properties: {
    id: p.string().primary(),
    orgId: p.string(),
    connectionId: p.string(),
    /** The sender's Idempotency-Key: a retry with the same key is stored once. */
    idempotencyKey: p.string().nullable(),
    /** Selected request headers (content type, user agent, signatures); never credentials. */
    headers: p.json<Record<string, string>>(),
    payload: p.json<unknown>(),
    /** The first response, returned again to a retry. */
    response: p.json<Record<string, unknown>>(),
    receivedAt: p.datetime(),
    createdBy: p.string(),
  },
});
export type WebhookEvent = InferEntity<typeof WebhookEventSchema>;
