import { Module } from '@nestjs/common';
import { keyPeppers } from '@latchkey/runtime';
import { BusTrustModule } from '../bus-trust';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { KeyCache } from '../key-cache';
import { IdentityLookups } from './identity-lookups';
import { PrincipalSigner } from './principal-signer';
import { TokenVerifier } from './token-verifier';

/**
 * Who a request is: its credential read from the headers, an API key's snapshot (cached), a
 * bearer token verified, and the principal signed for the service behind. It decides no route.
 */
@Module({
  imports: [BusTrustModule],
  providers: [
    IdentityLookups,
    {
      provide: KeyCache,
      inject: [GATEWAY_CONFIG, IdentityLookups],
      useFactory: (config: GatewayConfig, identity: IdentityLookups) =>
        new KeyCache({
          peppers: keyPeppers(config),
          ttlMs: config.KEY_CACHE_TTL_MS,
          maxStaleMs: Math.max(config.KEY_CACHE_MAX_STALE_MS, config.KEY_CACHE_TTL_MS),
          negativeCacheSize: config.NEGATIVE_CACHE_SIZE,
          positiveCacheSize: config.POSITIVE_CACHE_SIZE,
          lookup: (request) => identity.key(request),
        }),
    },
    {
      provide: TokenVerifier,
      inject: [GATEWAY_CONFIG, IdentityLookups],
      useFactory: (config: GatewayConfig, identity: IdentityLookups) =>
        new TokenVerifier(config.IDENTITY_URL, (request) => identity.user(request)),
    },
    {
      provide: PrincipalSigner,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => PrincipalSigner.create(config.PRINCIPAL_SIGNING_KEY),
    },
  ],
  exports: [KeyCache, TokenVerifier, PrincipalSigner],
})
export class AuthenticationModule {}
