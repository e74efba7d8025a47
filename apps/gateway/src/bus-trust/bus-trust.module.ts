import { hostname } from 'node:os';
import { Module } from '@nestjs/common';
import { ed25519SigningRing, ed25519VerifyRing, type BusKeyRing } from '@latchkey/auth-core';
import { BusRefusals } from '@latchkey/runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';

/** This replica's name on the bus: in heartbeats, confirmations and rate-limit sync. */
export const GATEWAY_ID = Symbol('GATEWAY_ID');
/** Identity's public keys: lookup replies and invalidations hold only if they verify (ADR 0015). */
export const IDENTITY_RING = Symbol('IDENTITY_RING');
/** This replica's principal key signs its heartbeats and confirmations; its public half verifies the others'. */
export const GATEWAY_RING = Symbol('GATEWAY_RING');

/**
 * What every capability that speaks on the bus shares: who this replica is, whose signatures it
 * believes, and the one count of refused messages (latchkey_bus_messages_refused_total).
 */
@Module({
  providers: [
    { provide: GATEWAY_ID, useFactory: () => `${hostname()}-${process.pid}` },
    {
      provide: IDENTITY_RING,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig): BusKeyRing => ed25519VerifyRing(config.BUS_PUBLIC_KEYS),
    },
    {
      provide: GATEWAY_RING,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig): BusKeyRing =>
        ed25519SigningRing([config.PRINCIPAL_SIGNING_KEY], 'gateway'),
    },
    { provide: BusRefusals, useFactory: () => new BusRefusals() },
  ],
  exports: [GATEWAY_ID, IDENTITY_RING, GATEWAY_RING, BusRefusals],
})
export class BusTrustModule {}
