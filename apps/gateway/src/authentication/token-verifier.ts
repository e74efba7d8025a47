import { compactVerify, createRemoteJWKSet } from 'jose';
import { LRUCache } from 'lru-cache';
import { cacheKeyOf } from '@latchkey/auth-core';
import type { Principal, UserLookupReply, UserLookupRequest, UserRole } from '@latchkey/contracts';
import { scopesForRole } from '@latchkey/api-routes';
import {
  applyUserChange,
  isAccessToken,
  judgeClaims,
  userTokenHolds,
  type KnownUser,
  type UserChange,
} from './token-claims';

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
  /** Verified tokens by hash, until they expire; beyond `maxEntries` the least recently used go. */
  private readonly verified: LRUCache<string, VerifiedToken>;
  /** Users whose role, status or credentials changed: what their tokens must match, kept for a token's longest life. */
  private readonly changedUsers = new Map<string, KnownUser>();

  constructor(
    identityUrl: string,
    private readonly lookupUser: (request: UserLookupRequest) => Promise<UserLookupReply>,
    maxEntries = 10_000,
  ) {
    this.verified = new LRUCache({ max: maxEntries });
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
    const verified = await this.verifyFresh(token, now);
    if (!verified) return undefined;
    if (verified.kind === 'user' && !(await this.confirm(verified, now))) return undefined;
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
    if (userTokenHolds(token, user)) {
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
    const next = applyUserChange(this.changedUsers.get(change.user_id), change, now);
    if (next) this.changedUsers.set(change.user_id, next);
  }

  private stillValid(token: VerifiedToken): VerifiedToken | undefined {
    if (token.kind !== 'user') return token;
    const current = this.changedUsers.get(token.principal.subject);
    if (!current) return token;
    return userTokenHolds(token, {
      user_id: token.principal.subject,
      role: current.role,
      active: current.active,
      ...(current.credentialVersion === undefined ? {} : { credential_version: current.credentialVersion }),
    })
      ? token
      : undefined;
  }

  /** The shell: the signature against identity's JWKS (EdDSA only); the claims are judged by token-claims.ts. */
  private async verifyFresh(token: string, now: number): Promise<VerifiedToken | undefined> {
    let payload: unknown;
    try {
      const verified = await compactVerify(token, this.jwks, { algorithms: ['EdDSA'] });
      payload = JSON.parse(new TextDecoder().decode(verified.payload));
    } catch {
      return undefined;
    }
    const judged = judgeClaims(payload, now);
    if (!judged.ok) return undefined;
    const claims = judged.claims;
    const expiresAt = claims.exp * 1000;
    if (isAccessToken(claims))
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
  }
}
