import { z } from 'zod';
import { NOTIFICATION_EVENT_TYPES, type NotificationEventType } from './notification-types';

export const NotificationEventTypeSchema = z.enum(NOTIFICATION_EVENT_TYPES);

export function isNotificationEventType(value: string): value is NotificationEventType {
  return (NOTIFICATION_EVENT_TYPES as readonly string[]).includes(value);
}

/** The most delivery attempts of one notification before it is dead-lettered. */
export const NOTIFICATION_MAX_ATTEMPTS = 8;

/** The durable consumer through which identity turns events into notification deliveries. */
export const IDENTITY_NOTIFICATIONS_CONSUMER = 'identity-notifications';

const instant = () => z.iso.datetime({ offset: true });

/** A notification endpoint as every response shows it: never its signing secret. */
export const notificationEndpointViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  event_types: z.array(NotificationEventTypeSchema),
  created_by: z.string(),
  created_at: instant(),
  updated_at: instant(),
});
export type NotificationEndpointView = z.infer<typeof notificationEndpointViewSchema>;

/** Create and rotate-secret: the endpoint and its signing secret (`whsec_…`), shown this once. */
export const notificationEndpointSecretViewSchema = notificationEndpointViewSchema.extend({
  secret: z.string().describe('The signing secret (`whsec_…`), shown this once: store it now'),
});
export type NotificationEndpointSecretView = z.infer<typeof notificationEndpointSecretViewSchema>;

/** One attempt to deliver a notification: what the endpoint answered, or why it could not. */
export const notificationAttemptViewSchema = z.object({
  attempt: z.number().int(),
  attempted_at: instant(),
  status_code: z.number().int().nullable(),
  latency_ms: z.number().int(),
  error: z.string().nullable(),
  next_attempt_at: instant().nullable(),
});
export type NotificationAttemptView = z.infer<typeof notificationAttemptViewSchema>;

export const NOTIFICATION_DELIVERY_STATUSES = ['pending', 'succeeded', 'dead'] as const;
export type NotificationDeliveryStatus = (typeof NOTIFICATION_DELIVERY_STATUSES)[number];

/** One event's delivery to one endpoint, with its attempts (oldest first). */
export const notificationDeliveryViewSchema = z.object({
  id: z.string().describe('Also the `webhook-id` header: the same on every attempt'),
  endpoint_id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  status: z.enum(NOTIFICATION_DELIVERY_STATUSES),
  attempts: z.array(notificationAttemptViewSchema),
  next_attempt_at: instant().nullable(),
  created_at: instant(),
  delivered_at: instant().nullable(),
});
export type NotificationDeliveryView = z.infer<typeof notificationDeliveryViewSchema>;
