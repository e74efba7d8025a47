import type { Audience, Principal } from '@latchkey/contracts';
import {
  DEFAULT_GATEWAY_KID,
  importSigningKey,
  PRINCIPAL_LIFETIME_SECONDS,
  signForwardingAssertion,
  signPrincipal,
  type ForwardingAssertion,
} from '@latchkey/auth-core';
import type { JWK } from 'jose';

/** Re-sign when less than this much of a principal's 30 s lifetime is left. */
const REFRESH_MARGIN_MS = 10_000;

/**
 * Signs X-Latchkey-Principal once per (credential, audience) and reuses it until shortly before
 * it expires: an Ed25519 signature per request would cost more than the rest of the hot path.
 */
export class PrincipalSigner {
  private constructor(
    private readonly key: Awaited<ReturnType<typeof importSigningKey>>,
    private readonly kid: string,
  ) {}

  static async create(jwk: JWK): Promise<PrincipalSigner> {
    return new PrincipalSigner(await importSigningKey(jwk), jwk.kid ?? DEFAULT_GATEWAY_KID);
  }

  /** The signed principal still in `cache` for this audience, if it is not due for re-signing. */
  reuse(
    audience: Audience,
    cache: Map<string, { token: string; refreshAt: number }>,
    now: number,
  ): string | undefined {
    const cached = cache.get(audience);
    return cached && cached.refreshAt > now ? cached.token : undefined;
  }

  async principalFor(
    principal: Principal,
    audience: Audience,
    cache: Map<string, { token: string; refreshAt: number }>,
    now = Date.now(),
  ): Promise<string> {
    const cached = cache.get(audience);
    if (cached && cached.refreshAt > now) return cached.token;
    const token = await signPrincipal(principal, audience, this.key, this.kid, Math.floor(now / 1000));
    cache.set(audience, { token, refreshAt: now + PRINCIPAL_LIFETIME_SECONDS * 1000 - REFRESH_MARGIN_MS });
    return token;
  }

  /**
   * X-Latchkey-Forwarded for one request to identity: the client address and request ids the gateway
   * decided on, signed with the principal's key under a purpose of its own. One per request (it
   * names the request), on identity's routes only: sign-ins and admin calls, not the hot path.
   */
  forwardingAssertion(assertion: ForwardingAssertion, now = Date.now()): Promise<string> {
    return signForwardingAssertion(assertion, this.key, this.kid, Math.floor(now / 1000));
  }
}
