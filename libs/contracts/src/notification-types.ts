// No zod here: the console imports this list, and a module with schemas would bring zod into its
// bundle (the console's bundle test holds it to that).

/**
 * The event types an organisation may subscribe its notification endpoints to (ADR 0027).
 * Wire names: receivers switch on them. They name event types of the bus (event-types.ts); the
 * key-safety ones are declared there by their producers, and this list is what an endpoint may
 * subscribe to whether or not an event of the type has been emitted yet.
 */
export const NOTIFICATION_EVENT_TYPES = [
  'key.expiring',
  'key.dormant',
  'key.leaked',
  'key.canary_tripped',
  'keys.bulk_revoked',
  'policy.updated',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];
