import { Module } from '@nestjs/common';
import { hmacRing, SlidingWindowLimiter } from '@latchkey/auth-core';
import { EventBus } from '@latchkey/messaging';
import { BusRefusals } from '@latchkey/runtime';
import { BusTrustModule, GATEWAY_ID } from '../bus-trust';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { ReplicaHeartbeats } from './replica-heartbeats';
import { macSyncCodec, SharedRateLimiter } from './shared-rate-limiter';

/** Failed authentications per client address (per replica): the budget a bad credential meets. */
export const AUTH_FAILURES = Symbol('AUTH_FAILURES');

/**
 * How many requests a key, a user or a client address may make: the windows shared across
 * replicas and the replicas' heartbeats. It counts; what a refusal looks like is the hot path's.
 */
@Module({
  imports: [BusTrustModule],
  providers: [
    {
      provide: SharedRateLimiter,
      inject: [GATEWAY_CONFIG, EventBus, GATEWAY_ID, BusRefusals],
      useFactory: (config: GatewayConfig, bus: EventBus, gatewayId: string, refusals: BusRefusals) =>
        new SharedRateLimiter(
          bus.nc,
          bus.subjects.rateLimitSync,
          gatewayId,
          config.RATE_LIMIT_SYNC_MS,
          macSyncCodec(hmacRing(config.RATE_LIMIT_SYNC_KEYS), (reason) =>
            refusals.record('rate_limit_sync', reason),
          ),
        ),
    },
    { provide: AUTH_FAILURES, useFactory: () => new SlidingWindowLimiter() },
    ReplicaHeartbeats,
  ],
  exports: [SharedRateLimiter, AUTH_FAILURES],
})
export class RateLimitModule {}
