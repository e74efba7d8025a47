import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A webhook connection owns one key, restricted to `webhooks:write` on its own ingest path. */
export const WebhookConnectionSchema = defineEntity({
  name: 'WebhookConnection',
  tableName: 'webhook_connections',
  properties: {
    id: p.string().primary(),
    orgId: p.string(),
    name: p.string(),
    keyId: p.string(),
    status: p.enum(['active', 'revoked'] as const),
    createdBy: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
    revokedAt: p.datetime().nullable(),
  },
});
export type WebhookConnection = InferEntity<typeof WebhookConnectionSchema>;

export function webhookPathOf(connectionId: string): string {
  return `/v1/webhooks/${connectionId}/*`;
}
