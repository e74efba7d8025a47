import { createRemoteJWKSet, jwtVerify } from 'jose';
import { cacheKeyOf } from '@latchkey/auth-core';
import {
  BearerTokenClaimsSchema,
  SignedArtefactPurpose,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type Principal,
  type UserInvalidation,
  type UserLookupReply,
  type UserLookupRequest,
  type UserRole,
} from '@latchkey/contracts';
import { scopesForRole } from '@latchkey/api-routes';

/** The longest a user token can live (service users: up to 365 days): a change is remembered that long. */
const USER_TOKEN_MAX_LIFE_MS = 366 * 86_400_000;
/** How long identity's word on a user token's user stands before it is asked again. */
export const USER_RECHECK_MS = 60_000;

/** A verified bearer token: a user's, or an access token issued for an API key. */
export type VerifiedToken =
  | {
      kind: 'user';
      principal: Principal;
      /** The role it was issued with (the principal's scopes follow from it). */
      role: UserRole;
      /** The user's credential version when it was issued (claim `cv`; 0 for tokens from before it). */
      credentialVersion: number;
      /** When identity last confirmed the user still has that role and is active (ms). */
      confirmedAt: number;
      expiresAt: number;
      principals: Map<string, { token: string; refreshAt: number }>;
    }
  | {
      kind: 'access';
      keyId: string;
      orgId: string;
      /** The secret it was exchanged with (claim `sid`); absent in tokens issued before it existed. */
      secretId: string | undefined;
      /** When it was issued (ms; from `iat`). */
      issuedAt: number;
      expiresAt: number;
    };

/** What a replica knows of a user whose role, status or credentials changed. */
interface UserState {
  role: UserRole;
  active: boolean;
  /** Absent when only an identity version that predates it spoke of the user. */
  credentialVersion: number | undefined;
  at: number;
}

/**
 * Verifies identity's tokens against its JWKS (fetched and cached by jose) with an `alg`
 * allow-list, issuer, audience and expiry; a verified token is cached by its hash until it expires.
 * A user token carries its user's role and credential version for its whole life (12 h by
 * default): the gateway holds it to the user's current role, status and version too (a password
 * change, role change, disable or removal raises the version). Identity announces every change
 * (applied at once, and confirmed to identity), and
 * a user token's user is confirmed with identity when first seen and again every
 * USER_RECHECK_MS, so a missed announcement (a replica that started later, NATS down) is caught
 * within that time; while identity does not answer, the last confirmation stands.
 */
export class TokenVerifier {
  private readonly jwks;
  private readonly verified = new Map<string, VerifiedToken>();
  /** Users whose role, status or credentials changed: what their tokens must match, kept for a token's longest life. */
  private readonly changedUsers = new Map<string, UserState>();

  constructor(
    identityUrl: string,
    private readonly lookupUser: (request: UserLookupRequest) => Promise<UserLookupReply>,
    private readonly maxEntries = 10_000,
  ) {
    this.jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', identityUrl), {
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
  }

  async verify(token: string, now = Date.now()): Promise<VerifiedToken | undefined> {
    const cacheKey = cacheKeyOf(token);
    const cached = this.verified.get(cacheKey);
    if (cached && cached.expiresAt > now) return this.current(cached, now);
    if (cached) this.verified.delete(cacheKey);
    const verified = await this.verifyFresh(token);
    if (!verified) return undefined;
    if (verified.kind === 'user' && !(await this.confirm(verified, now))) return undefined;
    if (this.verified.size >= this.maxEntries) this.verified.clear();
    this.verified.set(cacheKey, verified);
    return this.stillValid(verified);
  }

  /** A cached token as it stands now: re-confirmed with identity when its confirmation is old. */
  private async current(token: VerifiedToken, now: number): Promise<VerifiedToken | undefined> {
    if (token.kind === 'user' && now - token.confirmedAt >= USER_RECHECK_MS) {
      if (!(await this.confirm(token, now))) return undefined;
    }
    return this.stillValid(token);
  }

  /**
   * Asks identity whether the token's user is still active with the token's role. A definite no is
   * remembered like an announced change; no answer keeps the last confirmation.
   */
  private async confirm(token: Extract<VerifiedToken, { kind: 'user' }>, now: number): Promise<boolean> {
    const { subject: user_id, org_id } = token.principal;
    let reply: UserLookupReply;
    try {
      reply = await this.lookupUser({ user_id, org_id });
    } catch {
      return token.confirmedAt > 0;
    }
    // A user identity no longer knows (removed) is treated as disabled.
    const user: UserChange = reply.found
      ? {
          user_id,
          role: reply.role,
          active: reply.active,
          ...(reply.credential_version === undefined ? {} : { credential_version: reply.credential_version }),
        }
      : { user_id, role: token.role, active: false };
    if (matches(token, user)) {
      token.confirmedAt = now;
      // Identity's answer is the truth: it also corrects what this replica remembered of the user.
      if (this.changedUsers.has(user_id)) this.userChanged(user, now);
      return true;
    }
    this.userChanged(user, now);
    return false;
  }

  /**
   * Identity changed this user's role, status or credentials: only tokens with `role`, while
   * active, and of at least `credential_version` hold. Versions only grow, so an announcement that
   * arrives after a newer one (or a lookup answered before it) does not undo it.
   */
  userChanged(change: UserChange, now = Date.now()): void {
    for (const [id, seen] of this.changedUsers)
      if (seen.at + USER_TOKEN_MAX_LIFE_MS < now) this.changedUsers.delete(id);
    const known = this.changedUsers.get(change.user_id);
    const version = change.credential_version;
    if (version !== undefined && known?.credentialVersion !== undefined && version < known.credentialVersion)
      return;
    this.changedUsers.set(change.user_id, {
      role: change.role,
      active: change.active,
      credentialVersion: version ?? known?.credentialVersion,
      at: now,
    });
  }

  private stillValid(token: VerifiedToken): VerifiedToken | undefined {
    if (token.kind !== 'user') return token;
    const current = this.changedUsers.get(token.principal.subject);
    if (!current) return token;
    return matches(token, {
      user_id: token.principal.subject,
      role: current.role,
      active: current.active,
      ...(current.credentialVersion === undefined ? {} : { credential_version: current.credentialVersion }),
    })
      ? token
      : undefined;
  }

  private async verifyFresh(token: string): Promise<VerifiedToken | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        algorithms: ['EdDSA'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
      });
      // The signature holds: the claims must be all of one token's, as contracts declare them.
      const parsed = BearerTokenClaimsSchema.safeParse(payload);
      if (!parsed.success) return undefined;
      const claims = parsed.data;
      const expiresAt = claims.exp * 1000;
      if (claims.typ === SignedArtefactPurpose.AccessToken)
        return {
          kind: 'access',
          keyId: claims.sub,
          orgId: claims.org_id,
          secretId: claims.sid,
          issuedAt: claims.iat * 1000,
          expiresAt,
        };
      return {
        kind: 'user',
        principal: {
          org_id: claims.org_id,
          subject: claims.sub,
          kind: 'user',
          scopes: scopesForRole(claims.role),
        },
        role: claims.role,
        credentialVersion: claims.cv,
        confirmedAt: 0,
        expiresAt,
        principals: new Map(),
      };
    } catch {
      return undefined;
    }
  }
}

/** A user as identity announces or answers them. */
type UserChange = Pick<UserInvalidation, 'user_id' | 'role' | 'active' | 'credential_version'>;

/**
 * Does a user token hold against the user as they are? Same role, active, and not older than the
 * user's credential version (a newer one was issued after a change this replica has not heard of).
 */
function matches(token: Extract<VerifiedToken, { kind: 'user' }>, user: UserChange): boolean {
  return (
    user.active &&
    user.role === token.role &&
    (user.credential_version === undefined || token.credentialVersion >= user.credential_version)
  );
}
