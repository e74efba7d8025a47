import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One event to one endpoint. UNIQUE (endpoint, event): the consumer inserts or ignores, so an
 * event JetStream delivers again never makes a second delivery.
 */
export const NotificationDeliverySchema = defineEntity({
  name: 'NotificationDelivery',
  tableName: 'notification_deliveries',
  uniques: [{ name: 'notification_deliveries_event_key', properties: ['endpointId', 'eventId'] }],
  indexes: [
    { name: 'notification_deliveries_due_idx', properties: ['status', 'nextAttemptAt'] },
    { name: 'notification_deliveries_endpoint_idx', properties: ['endpointId', 'id'] },
  ],
  properties: {
    id: p.string().length(40).primary(),
    orgId: p.string().length(40),
    endpointId: p.string().length(40),
    eventId: p.string().length(40),
    eventType: p.string().length(64),
    /** The body sent, fixed at creation: every attempt signs and sends the same bytes. */
    payload: p.text(),
    status: p.enum(['pending', 'succeeded', 'dead'] as const).columnType('varchar(16)'),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    deliveredAt: p.datetime().nullable(),
  },
});
export type NotificationDelivery = InferEntity<typeof NotificationDeliverySchema>;

/** What one attempt got: kept for the delivery log (never the response body). */
export const NotificationAttemptSchema = defineEntity({
  name: 'NotificationAttempt',
  tableName: 'notification_attempts',
  properties: {
    deliveryId: p.string().length(40).primary(),
    attempt: p.integer().primary(),
    attemptedAt: p.datetime(),
    statusCode: p.integer().nullable(),
    latencyMs: p.integer(),
    error: p.string().length(500).nullable(),
    nextAttemptAt: p.datetime().nullable(),
  },
});
export type NotificationAttempt = InferEntity<typeof NotificationAttemptSchema>;
