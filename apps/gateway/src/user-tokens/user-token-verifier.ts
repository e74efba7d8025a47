import { createRemoteJWKSet, jwtVerify } from 'jose';
import { cacheKeyOf } from '@latchkey/auth-core';
import { scopesForRole, type Principal, type UserRole } from '@latchkey/contracts';

const ROLES: readonly UserRole[] = ['owner', 'admin', 'member', 'viewer'];

interface VerifiedToken {
  principal: Principal;
  expiresAt: number;
  principals: Map<string, { token: string; refreshAt: number }>;
}

/**
 * Verifies user tokens against identity's JWKS (fetched and cached by jose), with an `alg` allow-list,
 * issuer, audience and expiry; a verified token is cached by its hash until it expires.
 */
export class UserTokenVerifier {
  private readonly jwks;
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(identityUrl: string, private readonly maxEntries = 10_000) {
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
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        algorithms: ['EdDSA'],
        issuer: 'latchkey-identity',
        audience: 'latchkey',
      });
      const role = payload['role'];
      const orgId = payload['org_id'];
      if (payload['typ'] !== 'user' || typeof payload.sub !== 'string' || typeof orgId !== 'string') return undefined;
      if (typeof role !== 'string' || !ROLES.includes(role as UserRole)) return undefined;
      const entry: VerifiedToken = {
        principal: { org_id: orgId, subject: payload.sub, kind: 'user', scopes: scopesForRole(role as UserRole) },
        expiresAt: (payload.exp ?? 0) * 1000,
        principals: new Map(),
      };
      if (this.verified.size >= this.maxEntries) this.verified.clear();
      this.verified.set(cacheKey, entry);
      return entry;
    } catch {
      return undefined;
    }
  }
}
