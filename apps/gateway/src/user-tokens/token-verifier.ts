import { createRemoteJWKSet, jwtVerify } from 'jose';
import { cacheKeyOf } from '@latchkey/auth-core';
import { scopesForRole, type Principal, type UserRole } from '@latchkey/contracts';

const ROLES: readonly UserRole[] = ['owner', 'admin', 'member', 'viewer'];

/** A verified bearer token: a user's, or an access token issued for an API key. */
export type VerifiedToken =
  | {
      kind: 'user';
      principal: Principal;
      expiresAt: number;
      principals: Map<string, { token: string; refreshAt: number }>;
    }
  | { kind: 'access'; keyId: string; orgId: string; expiresAt: number };

/**
 * Verifies identity's tokens against its JWKS (fetched and cached by jose) with an `alg`
 * allow-list, issuer, audience and expiry; a verified token is cached by its hash until it expires.
 */
export class TokenVerifier {
  private readonly jwks;
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    identityUrl: string,
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
    if (cached && cached.expiresAt > now) return cached;
    if (cached) this.verified.delete(cacheKey);
    const verified = await this.verifyFresh(token);
    if (!verified) return undefined;
    if (this.verified.size >= this.maxEntries) this.verified.clear();
    this.verified.set(cacheKey, verified);
    return verified;
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
        expiresAt,
        principals: new Map(),
      };
    } catch {
      return undefined;
    }
  }
}
