import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A webhook connection owns one key, restricted to `webhooks:write` on its own ingest path. */
export const WebhookConnectionSchema = defineEntity({
  name: 'WebhookConnection',
  tableName: 'webhook_connections',
  // The migration's index: keyset pages of one organisation's connections (newest first).
  indexes: [
    {
      name: 'webhook_connections_org_idx',
      columns: [{ name: 'orgId' }, { name: 'id', sort: 'desc' }],
    },
  ],
  properties: {
    id: p.string().length(40).primary(),
    orgId: p.string().length(40),
    name: p.string().length(200),
    keyId: p.string().length(40),
    status: p.enum(['active', 'revoked'] as const).columnType('varchar(16)'),
    createdBy: p.string().length(40),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    revokedAt: p.datetime().nullable(),
  },
});
export type WebhookConnection = InferEntity<typeof WebhookConnectionSchema>;

export function webhookPathOf(connectionId: string): string {
  return `/v1/webhooks/${connectionId}/*`;
}
