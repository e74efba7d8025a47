import type { EventType } from './events';

/**
 * NATS subject names, derived from one prefix so a test run can have a bus of its own.
 * Events live under `<prefix>.>` (captured by the JetStream stream); request/reply and
 * control subjects deliberately live outside it, so JetStream never stores or acks them.
 */
export interface Subjects {
  /** Everything the stream captures. */
  events: string;
  event(orgId: string, type: EventType): string;
  /** Gateway -> identity: look a key up by its secret's hash. */
  keyLookup: string;
  /** Gateway -> identity: a signed-in user's current role and status (a token carries its role for its life). */
  userLookup: string;
  /** Data API -> identity: is this webhook connection the organisation's, and still active? */
  webhookConnectionLookup: string;
  /** Identity -> every gateway replica: drop a cached key now (replicas reply to confirm). */
  keyInvalidate: string;
  /** Identity -> every gateway replica: a user's tokens issued before now no longer hold. */
  userInvalidate: string;
  /** Gateway replicas announce themselves here, so identity knows how many should confirm. */
  gatewayHeartbeat: string;
  /** Gateway replicas share the requests they admitted per key, to enforce one limit together. */
  rateLimitSync: string;
  /** Messages a consumer could never store, kept for inspection (stream `<STREAM>_DLQ`). */
  deadLetter(consumer: string): string;
  deadLetters: string;
}

export const DEFAULT_SUBJECT_PREFIX = 'latchkey';
export const DEFAULT_STREAM_NAME = 'LATCHKEY';

export function subjectsFor(prefix: string = DEFAULT_SUBJECT_PREFIX): Subjects {
  return {
    events: `${prefix}.>`,
    event: (orgId, type) => `${prefix}.${orgId}.${type}`,
    keyLookup: `${prefix}_rpc.identity.key_lookup`,
    userLookup: `${prefix}_rpc.identity.user_lookup`,
    webhookConnectionLookup: `${prefix}_rpc.identity.webhook_connection_lookup`,
    keyInvalidate: `${prefix}_ctl.gateway.key_invalidate`,
    userInvalidate: `${prefix}_ctl.gateway.user_invalidate`,
    gatewayHeartbeat: `${prefix}_ctl.gateway.heartbeat`,
    rateLimitSync: `${prefix}_ctl.gateway.rate_limit`,
    deadLetter: (consumer) => `${prefix}_dlq.${consumer}`,
    deadLetters: `${prefix}_dlq.>`,
  };
}
