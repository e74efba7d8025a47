import { anyScopeAllows, parseScope, type RouteMatch } from '@latchkey/auth-core';
import {
  errorCodeForDenial,
  IdPrefix,
  type DenialReason,
  type ErrorCode,
  type KeySnapshot,
} from '@latchkey/contracts';

/**
 * Why the gateway itself refused a request (declared with the event that records it, in contracts):
 * the audit trail gets the real reason, the client a uniform answer.
 */
export type DenyReason = Exclude<DenialReason, 'identity_refused'>;

export type Decision = { readonly ok: true } | { readonly ok: false; readonly reason: DenyReason };

/**
 * What a key grants, as the key cache compiled it (a cached key is one as it is: nothing is built
 * per request). The decisions below read nothing else: no clock, no cache, no network.
 */
export interface KeyGrants {
  readonly snapshot: Pick<
    KeySnapshot,
    'status' | 'expires_at' | 'secret_valid_until' | 'public_id' | 'scopes' | 'quarantined' | 'canary'
  >;
  readonly ipAllowList: { allows(address: string): boolean };
  /** Compiled `allowed_paths`; empty: any path. */
  readonly allowedPaths: readonly { matches(path: string): boolean }[];
}

// One object per answer, shared: deciding a request allocates nothing.
const ALLOW: Decision = Object.freeze({ ok: true });
const DENY = {
  revoked: denied('revoked'),
  expired: denied('expired'),
  dormant: denied('dormant'),
  public_id_mismatch: denied('public_id_mismatch'),
  ip_not_allowed: denied('ip_not_allowed'),
  path_not_allowed: denied('path_not_allowed'),
  insufficient_scope: denied('insufficient_scope'),
  invalid_token: denied('invalid_token'),
  key_quarantined: denied('key_quarantined'),
  canary: denied('canary'),
} as const;

function denied(reason: DenyReason): Decision {
  return Object.freeze({ ok: false, reason });
}

/**
 * The whole decision for an API key on one request: usable at `now` (and presented with its own
 * public id in pair mode), then allowed from `clientIp`, on `path`, for the matched route's scope.
 * `match` is the route the request's method and normalised path matched. The hot path asks the
 * two halves apart (the rate limit counts between them), in this order.
 */
export function authorizeKey(
  key: KeyGrants,
  match: RouteMatch,
  path: string,
  clientIp: string,
  now: number,
  publicId?: string,
): Decision {
  const state = checkKeyState(key, now, publicId);
  return state.ok ? checkKeyConstraints(key, match, path, clientIp) : state;
}

/** The one table from denial reason to the documented error code (declared in contracts). */
export function errorCodeFor(reason: DenyReason, viaToken: boolean): ErrorCode {
  return errorCodeForDenial(reason, viaToken);
}

/**
 * A key quarantined after a leak (its organisation's leak_action) may still read: GET and HEAD
 * pass, anything else is refused with `key_quarantined`, so an integration keeps its reads while
 * whoever found the secret cannot change anything with it.
 */
export function checkQuarantine(key: KeyGrants, method: string): Decision {
  if (key.snapshot.quarantined !== true || method === 'GET' || method === 'HEAD') return ALLOW;
  return DENY.key_quarantined;
}

/** Is this key, as cached, usable at `now` (and, in pair mode, presented with its own public id)? */
export function checkKeyState(key: KeyGrants, now: number, publicId?: string): Decision {
  const s = key.snapshot;
  // First: a canary grants nothing in any state, and its answer is an unknown key's (ADR 0024).
  if (s.canary === true) return DENY.canary;
  if (s.status === 'revoked') return DENY.revoked;
  if (s.status === 'expired' || (s.expires_at !== null && s.expires_at <= now)) return DENY.expired;
  if (s.status === 'dormant') return DENY.dormant;
  // A rotated-away secret works until its grace end, then it is as unknown as any other.
  if (s.secret_valid_until !== null && s.secret_valid_until <= now) return DENY.expired;
  if (publicId !== undefined && publicId !== s.public_id) return DENY.public_id_mismatch;
  return ALLOW;
}

/**
 * Does the secret an access token was exchanged with still hold at `now`? A token ends when its
 * secret ends: at once after a regenerate, at the grace end after a rotation.
 * - `secrets` absent (an identity version that predates it answered): the key's state alone
 *   decides, as it did before;
 * - a token names its secret (`sid`): that secret must still be among the key's, and not ended;
 * - a token from before `sid` existed (at most ACCESS_TOKEN_TTL_SECONDS old at the upgrade) was
 *   exchanged with one of the secrets that existed when it was issued: it holds while one of them
 *   does (after a regenerate none does; after a rotation, until the grace end).
 */
export function accessTokenSecretHolds(
  s: Pick<KeySnapshot, 'secrets'>,
  secretId: string | undefined,
  issuedAt: number,
  now: number,
): boolean {
  const secrets = s.secrets;
  if (secrets === undefined) return true;
  for (const secret of secrets) {
    if (secret.valid_until !== null && secret.valid_until <= now) continue;
    if (secretId !== undefined ? secret.id === secretId : secondOf(secret.created_at) <= issuedAt)
      return true;
  }
  return false;
}

/** The token side of a key: its secrets (absent from identity versions that predate them). */
export interface KeySecrets {
  readonly snapshot: KeyGrants['snapshot'] & Pick<KeySnapshot, 'secrets'>;
}

/**
 * Does an access token hold for its key at `now`? The key must be usable and the secret the token
 * was exchanged with must not have ended. Any failure is one answer, `invalid_token`: a token's
 * holder learns nothing of its key's state.
 */
export function accessTokenHolds(
  key: KeyGrants & KeySecrets,
  secretId: string | undefined,
  issuedAt: number,
  now: number,
): Decision {
  return checkKeyState(key, now).ok && accessTokenSecretHolds(key.snapshot, secretId, issuedAt, now)
    ? ALLOW
    : DENY.invalid_token;
}

/** `iat` has whole seconds: a secret made within the second a token was issued came before it. */
function secondOf(ms: number): number {
  return ms - (ms % 1000);
}

/** Scope, allowed paths and IP allow-list of a key for one matched route. */
export function checkKeyConstraints(
  key: KeyGrants,
  match: RouteMatch,
  path: string,
  clientIp: string,
): Decision {
  if (!key.ipAllowList.allows(clientIp)) return DENY.ip_not_allowed;
  const paths = key.allowedPaths;
  if (paths.length > 0 && !anyMatches(paths, path)) return DENY.path_not_allowed;
  return checkScope(key.snapshot.scopes, match);
}

function anyMatches(paths: KeyGrants['allowedPaths'], path: string): boolean {
  for (const glob of paths) if (glob.matches(path)) return true;
  return false;
}

/** Do these scopes (a key's, or a user token's role's) reach the matched route and its instance? */
export function checkScope(scopes: readonly string[], match: RouteMatch): Decision {
  const instance = match.route.instanceParam ? match.params[match.route.instanceParam] : undefined;
  if (anyScopeAllows(scopes, match.route.scope, instance)) return ALLOW;
  // A grant bound to a project (`leads:read@prj_1`) reaches that project's rows where the service
  // behind narrows the query to them (routes marked `projectRows`), and nowhere else.
  if (match.route.projectRows && projectBoundGrantApplies(scopes, match)) return ALLOW;
  return DENY.insufficient_scope;
}

function projectBoundGrantApplies(scopes: readonly string[], match: RouteMatch): boolean {
  const required = parseScope(match.route.scope);
  if (!required) return false;
  // /v1/projects/:id names the project itself: only the exact instance (checked above) may pass.
  if (required.resource === 'projects' && match.route.instanceParam) return false;
  return scopes.some((text) => {
    const granted = parseScope(text);
    return (
      granted?.instance?.startsWith(`${IdPrefix.Project}_`) === true &&
      granted.resource === required.resource &&
      (granted.action === '*' || granted.action === required.action)
    );
  });
}
