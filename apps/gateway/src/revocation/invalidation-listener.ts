import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { BusMessagePurpose, type KeyInvalidation, type UserInvalidation } from '@latchkey/contracts';
import { ReplayGuard, signConfirmation, verifyAnnouncement, type BusKeyRing } from '@latchkey/auth-core';
import { EventBus } from '@latchkey/messaging';
import {
  BusRefusals,
  HealthRegistry,
  subscribeSignedAnnouncements,
  subscriptionCheck,
} from '@latchkey/runtime';
import { KeyCache, TokenVerifier } from '../authentication';
import { GATEWAY_ID, GATEWAY_RING, IDENTITY_RING } from '../bus-trust';

/**
 * Identity announces key and user changes on plain subjects; every replica applies them at once
 * and confirms, so identity knows when a revocation holds everywhere. Only announcements identity
 * signed, fresh and not seen before, are applied (ADR 0015).
 */
@Injectable()
export class InvalidationListener implements OnModuleInit {
  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(KeyCache) private readonly cache: KeyCache,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    @Inject(GATEWAY_ID) private readonly gatewayId: string,
    @Inject(IDENTITY_RING) private readonly identityRing: BusKeyRing,
    @Inject(GATEWAY_RING) private readonly gatewayRing: BusKeyRing,
    @Inject(BusRefusals) private readonly refusals: BusRefusals,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    const keyGuard = new ReplayGuard();
    const keyInvalidations = subscribeSignedAnnouncements(
      this.bus.nc,
      this.bus.subjects.keyInvalidate,
      'key_invalidation',
      this.refusals,
      (wire) => verifyAnnouncement(BusMessagePurpose.KeyInvalidation, wire, this.identityRing, keyGuard),
      (announcement, respond) => {
        const { key_id, revoked, nonce } = announcement.message as Partial<KeyInvalidation> & {
          nonce?: unknown;
        };
        if (typeof key_id !== 'string') return;
        if (revoked === true) this.cache.markRevoked(key_id);
        else this.cache.evict(key_id);
        if (typeof nonce === 'string') respond(signConfirmation(this.gatewayId, nonce, this.gatewayRing));
      },
    );
    // Users whose role, status or credentials changed (or who were removed): their older tokens
    // stop working here; the replica confirms, as for a key.
    const userGuard = new ReplayGuard();
    const userInvalidations = subscribeSignedAnnouncements(
      this.bus.nc,
      this.bus.subjects.userInvalidate,
      'user_invalidation',
      this.refusals,
      (wire) => verifyAnnouncement(BusMessagePurpose.UserInvalidation, wire, this.identityRing, userGuard),
      (announcement, respond) => {
        const { user_id, role, active, credential_version, nonce } =
          announcement.message as Partial<UserInvalidation> & {
            nonce?: unknown;
          };
        if (typeof user_id !== 'string' || typeof role !== 'string' || typeof active !== 'boolean') return;
        this.tokens.userChanged({
          user_id,
          role,
          active,
          ...(Number.isSafeInteger(credential_version) ? { credential_version } : {}),
        });
        if (typeof nonce === 'string') respond(signConfirmation(this.gatewayId, nonce, this.gatewayRing));
      },
    );
    // Without these a replica would serve revoked keys past the staleness bound: it is not ready
    // (NATS subscriptions outlive reconnects, so a closed one is gone for good).
    this.health.register(subscriptionCheck('key_invalidations', keyInvalidations));
    this.health.register(subscriptionCheck('user_invalidations', userInvalidations));
  }
}
