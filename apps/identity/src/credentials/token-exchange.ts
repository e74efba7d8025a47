import { ErrorCode, type AccessTokenGrant, type RouteInput } from '@latchkey/contracts';
import { isPublicId, parseSecret } from '@latchkey/auth-core';
import type { exchangeToken } from '@latchkey/api-routes';
import { ProblemException } from '@latchkey/runtime';
import { effectiveStatus, type ApiKey } from '../keys';

/** What a client presents at the token exchange: a key's secret, alone or with its public id. */
export interface PresentedKey {
  secret: string;
  /** Names the key (pair form): the throttle's account. A bare secret names none. */
  publicId?: string;
}

export function presentedKeyOf(body: RouteInput<typeof exchangeToken>['body']): PresentedKey {
  return 'api_key' in body ? { secret: body.api_key } : { secret: body.secret, publicId: body.public_id };
}

/** A secret of the issued format (checksum included) and, if given, a public id of its format: else nothing is looked up. */
export function isWellFormed(presented: PresentedKey): boolean {
  return (
    parseSecret(presented.secret).ok && (presented.publicId === undefined || isPublicId(presented.publicId))
  );
}

/**
 * Why an exchange was refused. Known here, for the decision and its tests; never told to the client
 * (exchangeRefusal gives every reason one answer).
 */
export type ExchangeRefusalReason =
  | 'malformed'
  | 'unknown_secret'
  | 'secret_ended'
  | 'unknown_key'
  | 'canary'
  | 'key_not_active'
  | 'other_public_id'
  | 'ends_within_a_second';

/** What the exchange decides on: the presentation, what the store holds of it, the time, the longest lifetime. */
export interface ExchangeFacts {
  presented: PresentedKey;
  /** The secret row the presented secret names (under any pepper), or null. */
  secret: { id: string; keyId: string; validUntil?: Date | null } | null;
  /** That secret's key, not deleted, or null. */
  key: ApiKey | null;
  now: Date;
  /** ACCESS_TOKEN_TTL_SECONDS. */
  maxTtlSeconds: number;
}

export type ExchangeDecision =
  | {
      ok: true;
      grant: AccessTokenGrant;
      /** The token's `iat` (seconds): its lifetime counts from it. */
      issuedAt: number;
      ttlSeconds: number;
    }
  | { ok: false; reason: ExchangeRefusalReason };

/**
 * The lifetime of a token issued at `now`: at most `maxTtlSeconds`, and never past any of `ends`
 * (the key's expiry, the secret's end). Counted from the token's `iat` (whole seconds), so that
 * `iat + ttl` is at or before every end; 0 or less when an end is within this second.
 */
export function tokenLifetime(
  now: Date,
  maxTtlSeconds: number,
  ends: readonly (Date | null | undefined)[],
): { issuedAt: number; ttlSeconds: number } {
  const issuedAt = Math.floor(now.getTime() / 1000);
  let ttlSeconds = maxTtlSeconds;
  for (const end of ends) {
    if (end) ttlSeconds = Math.min(ttlSeconds, Math.floor(end.getTime() / 1000) - issuedAt);
  }
  return { issuedAt, ttlSeconds };
}

/**
 * The token exchange's decision: a token only for an active key's live secret (and, in the pair
 * form, the key the public id names), living no longer than the key and the secret, carrying the
 * key's scopes and the secret it was exchanged with (`sid`: it ends when that secret ends).
 */
export function decideExchange({
  presented,
  secret,
  key,
  now,
  maxTtlSeconds,
}: ExchangeFacts): ExchangeDecision {
  const refuse = (reason: ExchangeRefusalReason): ExchangeDecision => ({ ok: false, reason });
  if (!isWellFormed(presented)) return refuse('malformed');
  if (!secret) return refuse('unknown_secret');
  if (secret.validUntil != null && secret.validUntil <= now) return refuse('secret_ended');
  if (!key || key.id !== secret.keyId) return refuse('unknown_key');
  // A canary key grants nothing, not even a token: refused as an unknown key is (ADR 0024).
  if (key.canary) return refuse('canary');
  if (effectiveStatus(key, now) !== 'active') return refuse('key_not_active');
  if (presented.publicId !== undefined && presented.publicId !== key.publicId)
    return refuse('other_public_id');
  const { issuedAt, ttlSeconds } = tokenLifetime(now, maxTtlSeconds, [key.expiresAt, secret.validUntil]);
  if (ttlSeconds < 1) return refuse('ends_within_a_second');
  return {
    ok: true,
    grant: { sub: key.id, org_id: key.orgId, scopes: [...key.scopes], sid: secret.id },
    issuedAt,
    ttlSeconds,
  };
}

/**
 * The one answer to a refused exchange, whatever the reason: a missing, malformed, unknown,
 * expired or revoked key all get the same 401, so the answer tells nothing about the key.
 */
export function exchangeRefusal(_reason: ExchangeRefusalReason): ProblemException {
  return new ProblemException(
    ErrorCode.InvalidApiKey,
    'the API key is missing, malformed, unknown, expired or revoked',
    {},
    { 'www-authenticate': 'Bearer error="invalid_token"' },
  );
}
