import { createRemoteJWKSet, jwtVerify } from 'jose';
import { cacheKeyOf } from '@latchkey/auth-core';
import {
  scopesForRole,
  type Principal,
  type UserLookupReply,
  type UserLookupRequest,
  type UserRole,
} from '@latchkey/contracts';

const ROLES: readonly UserRole[] = ['owner', 'admin', 'member', 'viewer'];
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
      /** When identity last confirmed the user still has that role and is active (ms). */
      confirmedAt: number;
      expiresAt: number;
      principals: Map<string, { token: string; refreshAt: number }>;
    }
  | { kind: 'access'; keyId: string; orgId: string; expiresAt: number };

/**
 * Verifies identity's tokens against its JWKS (fetched and cached by jose) with an `alg`
 * allow-list, issuer, audience and expiry; a verified token is cached by its hash until it expires.
 * A user token carries its user's role for its whole life (12 h by default): the gateway holds it
 * to the user's current role and status too. Identity announces every change (applied at once), and
 * a user token's user is confirmed with identity when first seen and again every
 * USER_RECHECK_MS, so a missed announcement (a replica that started later, NATS down) is caught
 * within that time; while identity does not answer, the last confirmation stands.
 */
export class TokenVerifier {
  private readonly jwks;
  private readonly verified = new Map<string, VerifiedToken>();
  /** Users whose role or status changed: what their tokens must match, kept for a token's longest life. */
  private readonly changedUsers = new Map<string, { role: UserRole; active: boolean; at: number }>();

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
    // A user identity no longer knows is treated as disabled.
    const user = reply.found
      ? { role: reply.role, active: reply.active }
      : { role: token.role, active: false };
    if (user.active && user.role === token.role) {
      token.confirmedAt = now;
      return true;
    }
    this.userChanged({ user_id, ...user }, now);
    return false;
  }

  /** Identity changed this user's role or status: only tokens with `role` hold, and only while active. */
  userChanged(change: { user_id: string; role: UserRole; active: boolean }, now = Date.now()): void {
    for (const [id, seen] of this.changedUsers)
      if (seen.at + USER_TOKEN_MAX_LIFE_MS < now) this.changedUsers.delete(id);
    this.changedUsers.set(change.user_id, { role: change.role, active: change.active, at: now });
  }

  private stillValid(token: VerifiedToken): VerifiedToken | undefined {
    if (token.kind !== 'user') return token;
    const current = this.changedUsers.get(token.principal.subject);
    return current && (!current.active || current.role !== token.role) ? undefined : token;
  }

  private async verifyFresh(token: string): Promise<VerifiedToken | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        algorithms: ['EdDSA'],
        issuer: 'latchkey-identity',
        audience: 'latchkey',
      });
      const orgId = payload['org_id'];
      if (typeof payload.sub !== 'string' || typeof orgId !== 'string') return undefined;
      const expiresAt = (payload.exp ?? 0) * 1000;
      if (payload['typ'] === 'access') return { kind: 'access', keyId: payload.sub, orgId, expiresAt };
      const role = payload['role'];
      if (payload['typ'] !== 'user' || typeof role !== 'string' || !ROLES.includes(role as UserRole))
        return undefined;
      return {
        kind: 'user',
        principal: {
          org_id: orgId,
          subject: payload.sub,
          kind: 'user',
          scopes: scopesForRole(role as UserRole),
        },
        role: role as UserRole,
        confirmedAt: 0,
        expiresAt,
        principals: new Map(),
      };
    } catch {
      return undefined;
    }
  }
}
