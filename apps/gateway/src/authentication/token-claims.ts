import {
  BearerTokenClaimsSchema,
  SignedArtefactPurpose,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type BearerTokenClaims,
  type UserInvalidation,
} from '@latchkey/contracts';

/**
 * The claims of a bearer token whose signature holds, judged without I/O: the same checks jose's
 * jwtVerify made (issuer, audience, expiry and not-before at the second, no clock tolerance), then
 * the claims contracts declare for the token's kind (`typ`). The signature and the JWKS are the
 * shell's (token-verifier.ts).
 */
export type ClaimRefusal =
  /** Not a JSON object. */
  | 'malformed'
  | 'issuer'
  | 'audience'
  /** `exp`/`nbf`/`iat` present but not a number. */
  | 'time_claim'
  | 'expired'
  | 'not_yet_valid'
  /** Not all of one kind's claims, as contracts declare them (a missing `exp` among them). */
  | 'claims';

export type ClaimsJudgement = { ok: true; claims: BearerTokenClaims } | { ok: false; reason: ClaimRefusal };

export function judgeClaims(payload: unknown, now: number): ClaimsJudgement {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return { ok: false, reason: 'malformed' };
  const set = payload as Record<string, unknown>;
  if (set['iss'] !== TOKEN_ISSUER) return { ok: false, reason: 'issuer' };
  const aud = set['aud'];
  if (!(aud === TOKEN_AUDIENCE || (Array.isArray(aud) && aud.includes(TOKEN_AUDIENCE))))
    return { ok: false, reason: 'audience' };
  for (const claim of ['iat', 'nbf', 'exp'])
    if (set[claim] !== undefined && typeof set[claim] !== 'number')
      return { ok: false, reason: 'time_claim' };
  // Whole seconds, as the claims are: a token is over at the first instant of its `exp` second.
  const seconds = Math.floor(now / 1000);
  const nbf = set['nbf'] as number | undefined;
  if (nbf !== undefined && nbf > seconds) return { ok: false, reason: 'not_yet_valid' };
  const exp = set['exp'] as number | undefined;
  if (exp !== undefined && exp <= seconds) return { ok: false, reason: 'expired' };
  const parsed = BearerTokenClaimsSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, reason: 'claims' };
  return { ok: true, claims: parsed.data };
}

export function isAccessToken(
  claims: BearerTokenClaims,
): claims is Extract<BearerTokenClaims, { typ: typeof SignedArtefactPurpose.AccessToken }> {
  return claims.typ === SignedArtefactPurpose.AccessToken;
}

/** A user as identity announces or answers them. */
export type UserChange = Pick<UserInvalidation, 'user_id' | 'role' | 'active' | 'credential_version'>;

/** What a user token carries of its user for its whole life. */
export interface UserTokenFacts {
  role: string;
  /** The user's credential version when it was issued (claim `cv`; 0 for tokens from before it). */
  credentialVersion: number;
}

/**
 * Does a user token hold against the user as they are? Active, the same role, and not older than
 * the user's credential version (a password change, role change, disable or removal raises it).
 */
export function userTokenHolds(token: UserTokenFacts, user: UserChange): boolean {
  return (
    user.active &&
    user.role === token.role &&
    (user.credential_version === undefined || token.credentialVersion >= user.credential_version)
  );
}

/** What a replica remembers of a user whose role, status or credentials changed. */
export interface KnownUser {
  role: UserChange['role'];
  active: boolean;
  /** Absent when only an identity version that predates it spoke of the user. */
  credentialVersion: number | undefined;
  at: number;
}

/**
 * A change heard (an announcement, or identity's answer) applied to what was known of the user.
 * Versions only grow: a change older than the one known (an announcement that arrives late) is
 * ignored (undefined); without a version, the version known stands.
 */
export function applyUserChange(
  known: KnownUser | undefined,
  change: UserChange,
  now: number,
): KnownUser | undefined {
  const version = change.credential_version;
  if (version !== undefined && known?.credentialVersion !== undefined && version < known.credentialVersion)
    return undefined;
  return {
    role: change.role,
    active: change.active,
    credentialVersion: version ?? known?.credentialVersion,
    at: now,
  };
}
