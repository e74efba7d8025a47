import type { IssuancePolicyView } from './views';

/** Event types on the bus. Wire names: consumers outside Latchkey subscribe to them. */
export const EventType = {
  KeyCreated: 'key.created',
  KeyUpdated: 'key.updated',
  KeyRotated: 'key.rotated',
  KeyRevoked: 'key.revoked',
  KeyDeleted: 'key.deleted',
  KeyExpired: 'key.expired',
  KeyUsed: 'key.used',
  AuthDenied: 'auth.denied',
  UserCreated: 'user.created',
  UserRoleChanged: 'user.role_changed',
  UserStatusChanged: 'user.status_changed',
  UserPasswordChanged: 'user.password_changed',
  UserRemoved: 'user.removed',
  PolicyUpdated: 'policy.updated',
  TokenIssued: 'token.issued',
  DataChanged: 'data.changed',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export const EVENT_TYPES: readonly EventType[] = Object.values(EventType);

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** CloudEvents 1.0 structured-mode envelope; `type` is prefixed with `dev.latchkey.`. */
export interface CloudEvent<T = Record<string, unknown>> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  /** Extension attribute: the organisation the event belongs to. */
  orgid: string;
  data: T;
}

export const CLOUD_EVENT_TYPE_PREFIX = 'dev.latchkey.';

export function cloudEventType(type: EventType): string {
  return CLOUD_EVENT_TYPE_PREFIX + type;
}

export function eventTypeOf(cloudType: string): EventType | undefined {
  if (!cloudType.startsWith(CLOUD_EVENT_TYPE_PREFIX)) return undefined;
  const type = cloudType.slice(CLOUD_EVENT_TYPE_PREFIX.length);
  return isEventType(type) ? type : undefined;
}

/** Who did something: a user, an API key or Latchkey itself. */
export interface Actor {
  type: 'user' | 'api_key' | 'system';
  id: string;
}

/** Who changed something, from where: carried by every change event. Never a secret. */
export interface ChangeContext {
  actor: Actor;
  /** The server's id of the request that made the change (the gateway's; never the client's). */
  request_id?: string;
  /** The id the client sent as X-Request-Id, when well-formed: for matching with the client's records only. */
  client_request_id?: string;
  client_ip?: string;
}

export interface KeySummary {
  key_id: string;
  public_id: string;
  prefix: string;
  name: string;
  environment: 'live' | 'test';
  scopes: string[];
  expires_at: string | null;
}

export interface KeyCreatedData extends KeySummary, ChangeContext {}

export interface KeyUpdatedData extends ChangeContext {
  key_id: string;
  changes: string[];
  scopes: string[];
}

export interface KeyRotatedData extends ChangeContext {
  key_id: string;
  old_secret_id: string;
  new_secret_id: string;
  /** When the old secret stops working (equal to the rotation time for a regenerate). */
  grace_until: string;
  expires_at: string | null;
}

export interface KeyRevokedData extends ChangeContext {
  key_id: string;
  reason: string;
}

export interface KeyDeletedData extends ChangeContext {
  key_id: string;
}

export interface KeyExpiredData extends ChangeContext {
  key_id: string;
  expired_at: string;
}

export interface UserCreatedData extends ChangeContext {
  user_id: string;
  role: UserRoleName;
  kind: 'human' | 'service';
}

export interface UserRoleChangedData extends ChangeContext {
  user_id: string;
  from: UserRoleName;
  to: UserRoleName;
}

/** A user disabled (their tokens stop working at once) or enabled again. */
export interface UserStatusChangedData extends ChangeContext {
  user_id: string;
  from: 'active' | 'disabled';
  to: 'active' | 'disabled';
}

/**
 * A user's password changed: by the user with the current one (`self`) or reset by an owner or
 * admin (`reset`). Every token the user held before stops working at once.
 */
export interface UserPasswordChangedData extends ChangeContext {
  user_id: string;
  method: 'self' | 'reset';
}

/**
 * A user removed from the organisation: they can no longer sign in and their tokens stop working
 * at once. Keys they created stay (their `created_by` keeps this id); the email may be used again,
 * by a new user with a new id.
 */
export interface UserRemovedData extends ChangeContext {
  user_id: string;
  role: UserRoleName;
  kind: 'human' | 'service';
}

/** The issuance policy replaced (`PUT /admin/policy`): both versions in full, and what differs. */
export interface PolicyUpdatedData extends ChangeContext {
  from: IssuancePolicyView;
  to: IssuancePolicyView;
  /** The rules whose value changed. */
  changes: (keyof IssuancePolicyView)[];
}

/**
 * Credentials issued, aggregated: per credential (an API key's secret, or a user) and per window,
 * how many tokens were issued and from where. A window's count may arrive in more than one event
 * (sum them): each event's count is exact, none is counted twice.
 */
export interface TokenIssuedData {
  /** `access_token`: a key exchanged at `POST /auth/token`; `user_token`: a sign-in at `POST /auth/login`. */
  kind: 'access_token' | 'user_token';
  /** The key (access tokens) or the user (user tokens) the tokens stand for. */
  actor: Actor;
  key_id?: string;
  /** The secret the access tokens were exchanged with (their `sid`). */
  secret_id?: string;
  user_id?: string;
  count: number;
  window_start: string;
  window_end: string;
  first_at: string;
  last_at: string;
  /** Tokens per client address (at most 20 addresses; the rest under `other`). */
  by_ip: Record<string, number>;
}

type UserRoleName = 'owner' | 'admin' | 'member' | 'viewer';

/** Usage of one key over one flush interval of one gateway replica. */
export interface KeyUsedData {
  key_id: string;
  window_start: string;
  window_end: string;
  requests: number;
  by_status: Record<string, number>;
  by_path: Record<string, number>;
  by_ip: Record<string, number>;
  latency_ms: { total: number; max: number };
  /** The client address of the window's last request. */
  last_ip: string;
  gateway: string;
}

/**
 * One refused request, kept as an example of an `auth.denied` record. Never the query string (a
 * credential may be in it), never a header.
 */
export interface DenialSample {
  method: string;
  /** The request path as sent, cut to at most 256 characters (`path_truncated`). */
  path: string;
  /** SHA-256 (hex) of the whole path as sent: identifies a path that was cut. */
  path_sha256: string;
  path_truncated: boolean;
  ip: string;
  status: number;
  /** The gateway's id of this request (the `request_id` of its problem response). */
  request_id: string;
}

/**
 * Refusals of one gateway replica over one flush interval, aggregated per (organisation — or, for
 * refusals tied to none, the source network —, key, reason, status, route): the sum of `count` over
 * an organisation's records is every refusal of it (ADR 0008).
 */
export interface AuthDeniedData {
  reason: string;
  /** The key the refused credential named, when it named a known one. */
  key_id?: string;
  /** For refusals tied to no organisation (orgid `unknown`): IPv4 /24 or IPv6 /64 of the client. */
  source_network?: string;
  /**
   * The route template (`GET /v1/projects/:id`), or a bounded bucket of the path's first segments
   * (`POST /auth/login`, `GET /v1/*`, `GET /*` + `/…` when deeper) when no route matches; `*` on an
   * overflow record.
   */
  route: string;
  /** Refusals in this record (≥ 1). */
  count: number;
  first_at: string;
  last_at: string;
  window_start: string;
  window_end: string;
  sample: DenialSample;
  /** Identifies this aggregated decision record (one tuple, one window, one replica). */
  decision_id: string;
  gateway: string;
  /**
   * Set on a record that counts refusals beyond a budget, per reason and status without their
   * detail: `budget` — the organisation's (or the anonymous bucket's) distinct records for the window
   * were used up; `organisations` — more organisations had refusals in the window than a replica
   * tracks (filed under `unknown`).
   */
  overflow?: 'budget' | 'organisations';
}

/** `auth.denied` as gateways published it before ADR 0008: one event per refusal (old trails hold it). */
export interface LegacyAuthDeniedData {
  reason: string;
  key_id?: string;
  path: string;
  method: string;
  ip: string;
  status: number;
}
