/** Event types on the bus. Wire names: consumers outside Latchkey subscribe to them. */
export const EventType = {
  KeyCreated: 'key.created',
  KeyUpdated: 'key.updated',
  KeyRotated: 'key.rotated',
  KeyRevoked: 'key.revoked',
  KeyDeleted: 'key.deleted',
  KeyExpired: 'key.expired',
  KeyExpiring: 'key.expiring',
  KeyDormant: 'key.dormant',
  KeyEnabled: 'key.enabled',
  KeyUsed: 'key.used',
  KeyLeaked: 'key.leaked',
  AuthDenied: 'auth.denied',
  KeyCanaryTripped: 'key.canary_tripped',
  UserCreated: 'user.created',
  UserRoleChanged: 'user.role_changed',
  UserStatusChanged: 'user.status_changed',
  UserPasswordChanged: 'user.password_changed',
  UserRemoved: 'user.removed',
  PolicyUpdated: 'policy.updated',
  TokenIssued: 'token.issued',
  DataChanged: 'data.changed',
  NotificationEndpointChanged: 'notification_endpoint.changed',
  KeysBulkRevoked: 'keys.bulk_revoked',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export const EVENT_TYPES: readonly EventType[] = Object.values(EventType);

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

export const CLOUD_EVENT_TYPE_PREFIX = 'dev.latchkey.';
