import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  BusMessagePurpose,
  type WebhookConnectionLookupReply,
  type WebhookConnectionLookupRequest,
} from '@latchkey/contracts';
import { ed25519VerifyRing } from '@latchkey/auth-core';
import { EventBus } from '@latchkey/messaging';
import { BusRefusals, HealthRegistry, IdentityRpc } from '@latchkey/runtime';
import { DATA_API_CONFIG, type DataApiConfig } from '../config';

/** What identity says of a connection, or that it did not say in time. */
export type ConnectionLookup =
  { ok: true; connection: WebhookConnectionLookupReply } | { ok: false; reason: 'identity_unavailable' };

/**
 * Webhook connections live in identity; the data API asks it about one before storing an event for
 * it (NATS request/reply, answered by any identity replica). Nothing is cached: a revoked
 * connection takes no event from the moment its revocation commits, and one round trip on the bus
 * is small beside the insert that follows.
 */
@Injectable()
export class WebhookConnections implements OnModuleInit, OnModuleDestroy {
  private readonly rpc: IdentityRpc;

  constructor(
    @Inject(DATA_API_CONFIG) config: DataApiConfig,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(HealthRegistry) health: HealthRegistry,
  ) {
    // Only a reply identity signed for this question counts (ADR 0015): anything else on the bus
    // answering "active" would let events in for a revoked or foreign connection.
    this.rpc = new IdentityRpc({
      connection: bus.connectionOptions('data-api-rpc'),
      timeoutMs: config.IDENTITY_LOOKUP_TIMEOUT_MS,
      ring: ed25519VerifyRing(config.BUS_PUBLIC_KEYS),
      refusals: new BusRefusals(),
    });
    // Webhook ingest asks identity on every delivery: a lookup connection gone for good is not ready.
    health.register({ name: 'identity_lookups', check: () => this.rpc.check() });
  }

  async onModuleInit(): Promise<void> {
    await this.rpc.connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.rpc.close();
  }

  async lookup(orgId: string, connectionId: string): Promise<ConnectionLookup> {
    const request: WebhookConnectionLookupRequest = { org_id: orgId, connection_id: connectionId };
    try {
      const connection = await this.rpc.ask<WebhookConnectionLookupRequest, WebhookConnectionLookupReply>(
        this.bus.subjects.webhookConnectionLookup,
        BusMessagePurpose.WebhookConnectionLookupReply,
        'webhook_connection_lookup_reply',
        request,
      );
      return { ok: true, connection };
    } catch {
      // No replica answered in time (or NATS is down), or the answer did not authenticate: the
      // connection's state is not known.
      return { ok: false, reason: 'identity_unavailable' };
    }
  }
}
