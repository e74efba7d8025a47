import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ClientNats } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import type { WebhookConnectionLookupReply, WebhookConnectionLookupRequest } from '@latchkey/contracts';
import { EventBus } from '@latchkey/messaging';
import { DATA_API_CONFIG, type DataApiConfig } from '../config/data-api-config';

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
  private readonly rpc: ClientNats;

  constructor(
    @Inject(DATA_API_CONFIG) private readonly config: DataApiConfig,
    @Inject(EventBus) private readonly bus: EventBus,
  ) {
    this.rpc = new ClientNats({
      servers: config.NATS_URL.split(','),
      name: 'data-api-rpc',
      maxReconnectAttempts: -1,
    });
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
      const connection = await firstValueFrom(
        this.rpc
          .send<WebhookConnectionLookupReply, WebhookConnectionLookupRequest>(
            this.bus.subjects.webhookConnectionLookup,
            request,
          )
          .pipe(timeout(this.config.IDENTITY_LOOKUP_TIMEOUT_MS)),
      );
      return { ok: true, connection };
    } catch {
      // No replica answered in time (or NATS is down): the connection's state is not known.
      return { ok: false, reason: 'identity_unavailable' };
    }
  }
}
