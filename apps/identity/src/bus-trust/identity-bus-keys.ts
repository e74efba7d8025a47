import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_GATEWAY_KID,
  ed25519SigningRing,
  ed25519VerifyRing,
  type BusKeyRing,
} from '@latchkey/auth-core';
import { BusRefusals, principalPublicKeys } from '@latchkey/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';

/**
 * Identity's side of the authenticated bus (ADR 0015): the ring that signs its lookup replies and
 * invalidations (BUS_SIGNING_KEYS, private, identity only), and the gateway's public key, which
 * verifies the replicas' heartbeats and confirmations (so no other client can inflate the count
 * of replicas that must confirm, or confirm for one).
 */
@Injectable()
export class IdentityBusKeys {
  readonly signing: BusKeyRing;
  readonly gateways: BusKeyRing;
  readonly refusals = new BusRefusals();

  constructor(@Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    this.signing = ed25519SigningRing(config.BUS_SIGNING_KEYS);
    // Every key of the gateway's set (old and new while its key rotates), chosen by kid.
    this.gateways = ed25519VerifyRing(
      principalPublicKeys(config) as Parameters<typeof ed25519VerifyRing>[0],
      DEFAULT_GATEWAY_KID,
    );
  }
}
