import { EventType } from './event-types';

// No zod here: the console imports this list, and a module with schemas would bring zod into its
// bundle (the console's bundle test holds it to that).

/**
 * The event types an organisation may subscribe its notification endpoints to (ADR 0027).
 * Wire names: receivers switch on them. Each is an event type of the bus (event-types.ts), named
 * from there so the two cannot drift.
 */
export const NOTIFICATION_EVENT_TYPES = [
  EventType.KeyExpiring,
  EventType.KeyDormant,
  EventType.KeyLeaked,
  EventType.KeyCanaryTripped,
  EventType.KeysBulkRevoked,
  EventType.PolicyUpdated,
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];
