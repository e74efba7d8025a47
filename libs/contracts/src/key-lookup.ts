import type { UserRole } from './principal';

/** Request and reply of the gateway's key lookup (NATS request/reply to identity). */
export type KeyLookupRequest =
  /**
   * HMAC-SHA-256 of the presented secret with the server pepper, hex. Never the secret. With
   * `secret_hashes` (gateways since several peppers: the secret under each, the gateway's first
   * pepper first), `secret_hash` is the first of them, for identity versions that predate it.
   */
  | { secret_hash: string; secret_hashes?: PepperedSecretHash[] }
  /** For access tokens: the key they were issued for (its status decides, not only the token's exp). */
  | { key_id: string }
  /** By the key's public id (pair mode, tooling). */
  | { public_id: string };

/** A secret's HMAC under one pepper, which `pepper` names by its tag (derived from it, not its id). */
export interface PepperedSecretHash {
  pepper: string;
  hash: string;
}

/** A plain snapshot of everything the gateway needs to decide a request. */
export interface KeySnapshot {
  key_id: string;
  org_id: string;
  public_id: string;
  status: 'active' | 'revoked' | 'expired' | 'dormant';
  environment: 'live' | 'test';
  scopes: string[];
  allowed_paths: string[];
  allowed_ips: string[];
  rate_limit: { limit: number; window_seconds: number };
  /** Epoch milliseconds, or null for a key that never expires. */
  expires_at: number | null;
  /** Epoch milliseconds until which the presented secret is valid (a rotated-away secret in its grace window), or null. */
  secret_valid_until: number | null;
  /**
   * The key's secrets that are still valid, in a lookup by key id (for access tokens, which name
   * the secret they were exchanged with). Absent in other lookups and in answers of identity
   * versions that predate it: then the key's state alone decides, as it did before.
   */
  secrets?: SecretValidity[];
  /**
   * Quarantined after a leak report (leak_action `quarantine`): only GET and HEAD pass, writes are
   * refused with 403 key_quarantined, and every use is flagged in `key.used`. Absent: not quarantined
   * (identity versions that predate it).
   */
  quarantined?: boolean;
  /**
   * A canary key (ADR 0024): grants nothing; any use is answered like an unknown key and trips an
   * alarm. Absent from answers of identity versions that predate it (no canary then).
   */
  canary?: boolean;
}

/** One secret of a key, as far as access tokens exchanged with it are concerned. Never a hash. */
export interface SecretValidity {
  /** `sec_…`: the `sid` claim of access tokens exchanged with this secret. */
  id: string;
  /** Epoch milliseconds; access tokens without `sid` are held to the secrets that existed when they were issued. */
  created_at: number;
  /** Epoch milliseconds when it ends (a rotated-away secret's grace end), or null for the current one. */
  valid_until: number | null;
}

export type KeyLookupReply = { found: true; key: KeySnapshot } | { found: false };

/**
 * Identity → every gateway replica, on plain NATS right after a key change commits. `revoked`
 * (revoke, delete) lets a replica refuse the key at once, without asking identity again; any other
 * change evicts, and the next request looks the key up. Wire format: replicas of another version
 * must still read it.
 */
export interface KeyInvalidation {
  key_id: string;
  revoked?: boolean;
}

/**
 * A user's role, status or credentials changed (or the user was removed): a token carries the role
 * it was issued with for its whole life, so every gateway replica from now on accepts this user's
 * tokens only if they carry `role` and the user is `active`, and, when `credential_version` is
 * given, only tokens of that version (claim `cv`). Replicas reply to confirm. Wire format:
 * replicas of another version must still read it (fields are only ever added).
 */
export interface UserInvalidation {
  user_id: string;
  role: UserRole;
  active: boolean;
  /** The user's credential version now: tokens issued before the change carry a lower one. */
  credential_version?: number;
}

/** Request and reply of the gateway's user lookup (NATS request/reply to identity). */
export interface UserLookupRequest {
  user_id: string;
  org_id: string;
}
export type UserLookupReply =
  | { found: false }
  | {
      found: true;
      role: UserRole;
      active: boolean;
      /** Absent in answers of identity versions that predate it (then role and status decide). */
      credential_version?: number;
    };

/**
 * The data API's question before it stores a webhook event (NATS request/reply to identity): does
 * this connection exist in this organisation, and in what state? Another organisation's connection
 * is `found: false`, exactly like one that never existed.
 */
export interface WebhookConnectionLookupRequest {
  org_id: string;
  connection_id: string;
}
export type WebhookConnectionLookupReply = { found: false } | { found: true; status: 'active' | 'revoked' };
