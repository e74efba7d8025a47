import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { WebhookEventReceipt } from '@latchkey/api-routes';
import type { Transaction } from '@latchkey/runtime';

/** A webhook event as stored, with the response its sender gets (again, on a retry). */
export interface StoredWebhookEvent {
  id: string;
  orgId: string;
  connectionId: string;
  idempotencyKey: string | null;
  headers: Record<string, string>;
  payload: unknown;
  response: WebhookEventReceipt;
  receivedAt: Date;
  createdBy: string;
}

/**
 * The stored webhook events. An insert with an Idempotency-Key another event of the same
 * connection already holds stores nothing (insert-or-ignore on the UNIQUE index, so a concurrent
 * retry cannot store a second one either).
 */
@Injectable()
export class WebhookEventRepository {
  private readonly table: string;

  constructor(@Inject(MikroORM) orm: MikroORM) {
    this.table = `"${orm.config.get('schema') as string}"."webhook_events"`;
  }

  /** Stores the event unless its key was used before; whether it was stored. */
  async insertOnce(tx: Transaction, event: StoredWebhookEvent): Promise<boolean> {
    const inserted = await tx.em.execute<{ id: string }[]>(
      `insert into ${this.table}
         ("id", "org_id", "connection_id", "idempotency_key", "headers", "payload", "response", "received_at", "created_by")
       values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?)
       on conflict ("org_id", "connection_id", "idempotency_key") where "idempotency_key" is not null do nothing
       returning "id"`,
      [
        event.id,
        event.orgId,
        event.connectionId,
        event.idempotencyKey,
        JSON.stringify(event.headers),
        JSON.stringify(event.payload),
        JSON.stringify(event.response),
        event.receivedAt,
        event.createdBy,
      ],
    );
    return inserted.length > 0;
  }

  /** The response the first event with this key got, if any. */
  async firstResponse(
    tx: Transaction,
    key: { orgId: string; connectionId: string; idempotencyKey: string | null },
  ): Promise<WebhookEventReceipt | undefined> {
    const [first] = await tx.em.execute<{ response: WebhookEventReceipt }[]>(
      `select "response" from ${this.table} where "org_id" = ? and "connection_id" = ? and "idempotency_key" = ?`,
      [key.orgId, key.connectionId, key.idempotencyKey],
    );
    return first?.response;
  }
}
