import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  BusMessagePurpose,
  type KeyLookupReply,
  type KeyLookupRequest,
  type UserLookupReply,
  type UserLookupRequest,
} from '@latchkey/contracts';
import type { BusKeyRing } from '@latchkey/auth-core';
import { EventBus } from '@latchkey/messaging';
import { BusRefusals, HealthRegistry, IdentityRpc } from '@latchkey/runtime';
import { IDENTITY_RING } from '../bus-trust';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';

/**
 * The two questions the gateway asks identity (whose is this key, is this user still who their
 * token says), over one connection of its own; a reply holds only if identity signed it.
 * Closed after the HTTP server has drained, before the bus does (a global module's hooks run last).
 */
@Injectable()
export class IdentityLookups implements OnModuleInit, OnApplicationShutdown {
  private readonly rpc: IdentityRpc;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(IDENTITY_RING) ring: BusKeyRing,
    @Inject(BusRefusals) refusals: BusRefusals,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {
    this.rpc = new IdentityRpc({
      connection: bus.connectionOptions('gateway-rpc'),
      timeoutMs: config.KEY_LOOKUP_TIMEOUT_MS,
      ring,
      refusals,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.rpc.connect();
    this.health.register({ name: 'identity_lookups', check: () => this.rpc.check() });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.rpc.close();
  }

  key(request: KeyLookupRequest): Promise<KeyLookupReply> {
    return this.rpc.ask<KeyLookupRequest, KeyLookupReply>(
      this.bus.subjects.keyLookup,
      BusMessagePurpose.KeyLookupReply,
      'key_lookup_reply',
      request,
    );
  }

  user(request: UserLookupRequest): Promise<UserLookupReply> {
    return this.rpc.ask<UserLookupRequest, UserLookupReply>(
      this.bus.subjects.userLookup,
      BusMessagePurpose.UserLookupReply,
      'user_lookup_reply',
      request,
    );
  }
}
