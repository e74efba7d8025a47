import type { z } from 'zod';
import { CLOUD_EVENT_TYPE_PREFIX, isEventType, type EventType } from './event-types';
import type {
  ActorSchema,
  AuthDeniedDataSchema,
  ChangeContextSchema,
  CloudEventEnvelopeSchema,
  DataChangedDataSchema,
  DenialSampleSchema,
  KeyCreatedDataSchema,
  KeyDeletedDataSchema,
  KeyExpiredDataSchema,
  KeyLeakedDataSchema,
  KeyExpiringDataSchema,
  KeyDormantDataSchema,
  KeyEnabledDataSchema,
  KeyRevokedDataSchema,
  KeyRotatedDataSchema,
  KeyFieldChangesSchema,
  KeySummarySchema,
  KeyUpdatedDataSchema,
  KeyUsedDataSchema,
  KeysBulkRevokedDataSchema,
  KeyCanaryTrippedDataSchema,
  KeyStateSchema,
  LegacyAuthDeniedDataSchema,
  NotificationEndpointChangedDataSchema,
  PolicyUpdatedDataSchema,
  TokenIssuedDataSchema,
  UserCreatedDataSchema,
  UserPasswordChangedDataSchema,
  UserRemovedDataSchema,
  UserRoleChangedDataSchema,
  UserStatusChangedDataSchema,
} from './event-schemas';

export * from './event-types';

/*
 * The types of events and their payloads, derived from their one declaration in event-schemas.ts
 * (see the descriptions there).
 */

/** CloudEvents 1.0 structured-mode envelope; `type` is prefixed with `dev.latchkey.`. */
export type CloudEvent<T = Record<string, unknown>> = Omit<
  z.infer<typeof CloudEventEnvelopeSchema>,
  'data'
> & {
  data: T;
};

export function cloudEventType(type: EventType): string {
  return CLOUD_EVENT_TYPE_PREFIX + type;
}

export function eventTypeOf(cloudType: string): EventType | undefined {
  if (!cloudType.startsWith(CLOUD_EVENT_TYPE_PREFIX)) return undefined;
  const type = cloudType.slice(CLOUD_EVENT_TYPE_PREFIX.length);
  return isEventType(type) ? type : undefined;
}

/** Who did something: a user, an API key or Latchkey itself. */
export type Actor = z.infer<typeof ActorSchema>;
/** Who changed something, from where: carried by every change event. Never a secret. */
export type ChangeContext = z.infer<typeof ChangeContextSchema>;
export type KeySummary = z.infer<typeof KeySummarySchema>;
export type KeyCreatedData = z.infer<typeof KeyCreatedDataSchema>;
export type KeyUpdatedData = z.infer<typeof KeyUpdatedDataSchema>;
/** The fields a key update changed, each with its old and new value. */
export type KeyFieldChanges = z.infer<typeof KeyFieldChangesSchema>;
export type KeyRotatedData = z.infer<typeof KeyRotatedDataSchema>;
export type KeyRevokedData = z.infer<typeof KeyRevokedDataSchema>;
export type KeyDeletedData = z.infer<typeof KeyDeletedDataSchema>;
export type KeysBulkRevokedData = z.infer<typeof KeysBulkRevokedDataSchema>;
export type KeyExpiredData = z.infer<typeof KeyExpiredDataSchema>;
/** A live secret of a key reported found in public, and what the policy did. Never the secret. */
export type KeyLeakedData = z.infer<typeof KeyLeakedDataSchema>;
export type KeyExpiringData = z.infer<typeof KeyExpiringDataSchema>;
export type KeyDormantData = z.infer<typeof KeyDormantDataSchema>;
export type KeyEnabledData = z.infer<typeof KeyEnabledDataSchema>;
export type UserCreatedData = z.infer<typeof UserCreatedDataSchema>;
export type UserRoleChangedData = z.infer<typeof UserRoleChangedDataSchema>;
export type UserStatusChangedData = z.infer<typeof UserStatusChangedDataSchema>;
export type UserPasswordChangedData = z.infer<typeof UserPasswordChangedDataSchema>;
export type UserRemovedData = z.infer<typeof UserRemovedDataSchema>;
export type PolicyUpdatedData = z.infer<typeof PolicyUpdatedDataSchema>;
export type NotificationEndpointChangedData = z.infer<typeof NotificationEndpointChangedDataSchema>;
export type TokenIssuedData = z.infer<typeof TokenIssuedDataSchema>;
export type KeyUsedData = z.infer<typeof KeyUsedDataSchema>;
/** One refused request, kept as an example of an `auth.denied` record. */
export type DenialSample = z.infer<typeof DenialSampleSchema>;
export type AuthDeniedData = z.infer<typeof AuthDeniedDataSchema>;
/** A key's state as a refusal recorded it (no secret). */
export type KeyState = z.infer<typeof KeyStateSchema>;
export type KeyCanaryTrippedData = z.infer<typeof KeyCanaryTrippedDataSchema>;
export type DataChangedData = z.infer<typeof DataChangedDataSchema>;
/** `auth.denied` as gateways published it before ADR 0008: one event per refusal (old trails hold it). */
export type LegacyAuthDeniedData = z.infer<typeof LegacyAuthDeniedDataSchema>;
