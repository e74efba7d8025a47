import { Inject, Injectable } from '@nestjs/common';
import { RouteMatcher, SlidingWindowLimiter } from '@latchkey/auth-core';
import { KeyCache, PrincipalSigner, TokenVerifier } from '../authentication';
import { CanaryTripwire } from '../canary';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { UpstreamProxy } from '../proxy';
import { AUTH_FAILURES, SharedRateLimiter } from '../rate-limit';
import { UsageRecorder } from '../usage';
import { ForwardedForWatch, TrustedProxies } from './client-ip';

/**
 * Everything the hot path uses, gathered once at boot from the capability modules as plain fields
 * (no DI lookups per request). Each module starts and stops its own parts.
 */
@Injectable()
export class GatewayRuntime {
  readonly trustedProxies: TrustedProxies;
  /** Counts, and warns of, X-Forwarded-For from peers that are not trusted proxies. */
  readonly forwardedFor: ForwardedForWatch;

  constructor(
    @Inject(GATEWAY_CONFIG) readonly config: GatewayConfig,
    @Inject(RouteMatcher) readonly matcher: RouteMatcher,
    @Inject(KeyCache) readonly cache: KeyCache,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(PrincipalSigner) readonly signer: PrincipalSigner,
    @Inject(SharedRateLimiter) readonly limiter: SharedRateLimiter,
    /** Failed authentications per client IP (per replica). */
    @Inject(AUTH_FAILURES) readonly authFailures: SlidingWindowLimiter,
    @Inject(UsageRecorder) readonly usage: UsageRecorder,
    @Inject(UpstreamProxy) readonly proxy: UpstreamProxy,
    @Inject(CanaryTripwire) readonly canaries: CanaryTripwire,
  ) {
    this.trustedProxies = new TrustedProxies(config.TRUSTED_PROXIES);
    this.forwardedFor = new ForwardedForWatch(this.trustedProxies);
  }

  upstreamFor(audience: 'identity' | 'data-api' | 'audit'): string {
    switch (audience) {
      case 'identity':
        return this.config.IDENTITY_URL;
      case 'data-api':
        return this.config.DATA_API_URL;
      case 'audit':
        return this.config.AUDIT_URL;
    }
  }
}
