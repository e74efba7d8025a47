import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { BusMessagePurpose } from '@latchkey/contracts';
import {
  BusSequence,
  ReplayGuard,
  signAnnouncement,
  verifyAnnouncement,
  type BusKeyRing,
} from '@latchkey/auth-core';
import { EventBus } from '@latchkey/messaging';
import {
  BusRefusals,
  HealthRegistry,
  subscribeSignedAnnouncements,
  subscriptionCheck,
} from '@latchkey/runtime';
import { GATEWAY_ID, GATEWAY_RING } from '../bus-trust';
import { SharedRateLimiter } from './shared-rate-limiter';

const HEARTBEAT_MS = 5_000;

/**
 * Every replica's heartbeat, signed with its principal key: the rate limiter splits each key's
 * headroom among the replicas, so a forged one would shrink every replica's share. The same
 * heartbeats tell identity how many replicas should confirm an invalidation.
 */
@Injectable()
export class ReplicaHeartbeats implements OnModuleInit, OnApplicationShutdown {
  private readonly sequence = new BusSequence();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(SharedRateLimiter) private readonly limiter: SharedRateLimiter,
    @Inject(GATEWAY_ID) private readonly gatewayId: string,
    @Inject(GATEWAY_RING) private readonly ring: BusKeyRing,
    @Inject(BusRefusals) private readonly refusals: BusRefusals,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    const guard = new ReplayGuard();
    const heartbeats = subscribeSignedAnnouncements(
      this.bus.nc,
      this.bus.subjects.gatewayHeartbeat,
      'gateway_heartbeat',
      this.refusals,
      (wire) => verifyAnnouncement(BusMessagePurpose.GatewayHeartbeat, wire, this.ring, guard),
      (announcement) => this.limiter.notePeer(announcement.sender),
    );
    // Without them a replica would misjudge its share of each key's rate limit: it is not ready
    // (NATS subscriptions outlive reconnects, so a closed one is gone for good).
    this.health.register(subscriptionCheck('gateway_heartbeats', heartbeats));
    this.limiter.start();
    const beat = () =>
      this.bus.nc.publish(
        this.bus.subjects.gatewayHeartbeat,
        JSON.stringify(
          signAnnouncement(
            BusMessagePurpose.GatewayHeartbeat,
            this.gatewayId,
            this.sequence.next(),
            {},
            this.ring,
          ),
        ),
      );
    beat();
    this.timer = setInterval(beat, HEARTBEAT_MS);
    this.timer.unref();
  }

  // After the HTTP server has drained; the last counts are broadcast before the bus drains.
  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.limiter.stop();
  }
}
