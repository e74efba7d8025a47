import { Inject, Injectable } from '@nestjs/common';
import { idempotencyKey, type WebhookEventReceipt } from '@latchkey/api-routes';
import {
  ErrorCode,
  eventSourceOf,
  EventType,
  IdPrefix,
  idPattern,
  type Principal,
} from '@latchkey/contracts';
import { newId } from '@latchkey/auth-core';
import { buildCloudEvent } from '@latchkey/messaging';
import { parseInput, ProblemException, text, UnitOfWork, type RecordedRequestIds } from '@latchkey/runtime';
import { WebhookConnections } from './webhook-connections';
import { WebhookEventRepository } from './webhook-event.repository';

const connectionId = text().regex(idPattern(IdPrefix.WebhookConnection), 'not a webhook connection id');

/** Request headers worth keeping with an event: content description and sender signatures, never credentials. */
const KEPT_HEADER =
  /^(content-type|user-agent|x-request-id|x-client-request-id|x-webhook-[a-z0-9-]+|x-signature[a-z0-9-]*|x-hub-signature(-256)?|stripe-signature|svix-[a-z-]+)$/;

export interface IngestResult {
  status: 202;
  replayed: boolean;
  body: WebhookEventReceipt;
}

/**
 * Stores webhook events for the organisation's active connections only: identity, which owns the
 * connections, is asked first, and a connection that does not exist, is revoked or belongs to
 * another organisation is `404 not_found` alike (a revoked one also for a retry of an event it took
 * before). An Idempotency-Key makes retries safe: the first request stores the event (UNIQUE per
 * organisation, connection and key) and its response; every retry, even a concurrent one, gets
 * that same response and stores nothing.
 */
@Injectable()
export class WebhookIngestService {
  constructor(
    @Inject(UnitOfWork) private readonly unit: UnitOfWork,
    private readonly events: WebhookEventRepository,
    private readonly connections: WebhookConnections,
  ) {}

  async ingest(
    principal: Principal,
    rawConnectionId: string,
    headers: Record<string, string | string[] | undefined>,
    payload: unknown,
    ids: RecordedRequestIds,
  ): Promise<IngestResult> {
    const connection = parseInput(connectionId, rawConnectionId, 'connection_id');
    const rawKey = headers['idempotency-key'];
    const key = rawKey === undefined ? null : parseInput(idempotencyKey, rawKey, 'Idempotency-Key');
    if (payload === undefined || payload === null) {
      throw new ProblemException(ErrorCode.InvalidRequest, 'body: a JSON payload is required');
    }
    await this.assertActive(principal.org_id, connection);
    const kept: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value === 'string' && KEPT_HEADER.test(name)) kept[name] = value.slice(0, 1000);
    }
    const id = newId(IdPrefix.WebhookEvent);
    const receivedAt = new Date();
    const body: WebhookEventReceipt = {
      id,
      connection_id: connection,
      received_at: receivedAt.toISOString(),
      status: 'accepted',
    };
    // The event and its `data.changed` commit together; a retry stores and announces nothing.
    return this.unit.run(async (tx) => {
      const stored = await this.events.insertOnce(tx, {
        id,
        orgId: principal.org_id,
        connectionId: connection,
        idempotencyKey: key,
        headers: kept,
        payload,
        response: body,
        receivedAt,
        createdBy: principal.subject,
      });
      if (!stored) {
        const first = await this.events.firstResponse(tx, {
          orgId: principal.org_id,
          connectionId: connection,
          idempotencyKey: key,
        });
        return { status: 202 as const, replayed: true, body: first ?? body };
      }
      tx.publish(
        buildCloudEvent({
          type: EventType.DataChanged,
          orgId: principal.org_id,
          source: eventSourceOf('data-api'),
          subject: id,
          data: {
            resource: 'webhook_events',
            id,
            action: 'created',
            connection_id: connection,
            actor: { type: principal.kind === 'api_key' ? 'api_key' : 'user', id: principal.subject },
            ...ids,
          },
        }),
      );
      return { status: 202 as const, replayed: false, body };
    });
  }

  /** Refuses, before anything is stored, an event for a connection that is not this organisation's active one. */
  private async assertActive(orgId: string, connectionId: string): Promise<void> {
    const lookup = await this.connections.lookup(orgId, connectionId);
    // Unknown is never accepted: the sender retries later, as it would after any 5xx.
    if (!lookup.ok)
      throw new ProblemException(
        ErrorCode.UpstreamUnavailable,
        'the webhook connection could not be checked; retry later',
      );
    if (!lookup.connection.found || lookup.connection.status !== 'active')
      throw new ProblemException(ErrorCode.NotFound, `no webhook connection ${connectionId}`);
  }
}
