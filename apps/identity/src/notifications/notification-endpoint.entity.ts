import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { NotificationEventType } from '@latchkey/contracts';

/**
 * An organisation's notification endpoint. Its signing secret must be readable to sign each delivery
 * (Standard Webhooks is HMAC), so unlike a key's it is kept, not hashed: it leaves only through the
 * create and rotate-secret answers, never a list, a log line or an event.
 */
export const NotificationEndpointSchema = defineEntity({
  name: 'NotificationEndpoint',
  tableName: 'notification_endpoints',
  indexes: [{ name: 'notification_endpoints_org_idx', properties: ['orgId', 'id'] }],
  properties: {
    id: p.string().length(40).primary(),
    orgId: p.string().length(40),
    url: p.string().length(2048),
    description: p.string().length(500),
    eventTypes: p.array<NotificationEventType>(),
    secret: p.string().length(100),
    createdBy: p.string().length(40),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export type NotificationEndpoint = InferEntity<typeof NotificationEndpointSchema>;
