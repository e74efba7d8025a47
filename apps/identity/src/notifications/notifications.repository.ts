import { Inject, Injectable } from '@nestjs/common';
import { LockMode, type RequiredEntityData } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { IdPrefix } from '@latchkey/contracts';
import { newId } from '@latchkey/auth-core';
import type { Transaction } from '@latchkey/runtime';
import { NotificationEndpointSchema, type NotificationEndpoint } from './notification-endpoint.entity';
import {
  NotificationAttemptSchema,
  NotificationDeliverySchema,
  type NotificationAttempt,
  type NotificationDelivery,
} from './notification-delivery.entity';

/** An event worth notifying, as the consumer hands it over. */
export interface NotifiableEvent {
  id: string;
  orgId: string;
  type: string;
  /** The body every attempt sends. */
  payload: string;
}

/** A delivery claimed for an attempt, with where it goes and how it is signed. */
export type ClaimedDelivery = NotificationDelivery & {
  url: string;
  secret: string;
  /** Attempts logged so far, over every round (a redelivery starts a new round). */
  logged: number;
};

/** How long a claimed delivery is left to its worker before another replica may take it. */
const CLAIM_LEASE_SECONDS = 60;

/** Notification endpoints, deliveries and attempts: the only place that reads or writes them. */
@Injectable()
export class NotificationsRepository {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  private get schema(): string {
    return this.orm.config.get('schema') ?? 'identity';
  }

  listEndpoints(orgId: string): Promise<NotificationEndpoint[]> {
    return this.orm.em
      .fork()
      .find(NotificationEndpointSchema, { orgId }, { orderBy: { id: 'desc' }, limit: 500 });
  }

  findEndpoint(orgId: string, id: string): Promise<NotificationEndpoint | null> {
    return this.orm.em.fork().findOne(NotificationEndpointSchema, { id, orgId });
  }

  addEndpoint(tx: Transaction, endpoint: RequiredEntityData<NotificationEndpoint>): NotificationEndpoint {
    return tx.em.create(NotificationEndpointSchema, endpoint);
  }

  /** The endpoint inside a change, its row locked (FOR UPDATE) until the commit; null if none. */
  lockEndpoint(tx: Transaction, orgId: string, id: string): Promise<NotificationEndpoint | null> {
    return tx.em.findOne(NotificationEndpointSchema, { id, orgId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /** Deletes a (locked) endpoint with its deliveries and their attempts, in the change's transaction. */
  async deleteEndpoint(tx: Transaction, endpoint: NotificationEndpoint): Promise<void> {
    const deliveries = await tx.em.find(
      NotificationDeliverySchema,
      { endpointId: endpoint.id },
      { fields: ['id'] },
    );
    if (deliveries.length > 0)
      await tx.em.nativeDelete(NotificationAttemptSchema, {
        deliveryId: { $in: deliveries.map((d) => d.id) },
      });
    await tx.em.nativeDelete(NotificationDeliverySchema, { endpointId: endpoint.id });
    tx.em.remove(endpoint);
  }

  /**
   * One delivery per (event, endpoint subscribed to its type in its organisation), inserted or
   * ignored on the UNIQUE (endpoint, event): the same events stored again add nothing.
   */
  async addDeliveries(events: readonly NotifiableEvent[], now: Date): Promise<number> {
    if (events.length === 0) return 0;
    const s = this.schema;
    const conn = this.orm.em.fork().getConnection();
    const orgs = [...new Set(events.map((e) => e.orgId))];
    const endpoints = await conn.execute<Array<{ id: string; org_id: string; event_types: string[] }>>(
      `select "id", "org_id", "event_types" from "${s}"."notification_endpoints" where "org_id" in (select jsonb_array_elements_text(?::jsonb))`,
      [JSON.stringify(orgs)],
    );
    const rows = events.flatMap((event) =>
      endpoints
        .filter((n) => n.org_id === event.orgId && n.event_types.includes(event.type))
        .map((n) => ({
          id: newId(IdPrefix.NotificationDelivery),
          org_id: event.orgId,
          endpoint_id: n.id,
          event_id: event.id,
          event_type: event.type,
          payload: event.payload,
        })),
    );
    if (rows.length === 0) return 0;
    const inserted = await conn.execute<{ id: string }[]>(
      `insert into "${s}"."notification_deliveries"
         ("id", "org_id", "endpoint_id", "event_id", "event_type", "payload", "status", "attempts", "next_attempt_at", "created_at")
       select r.id, r.org_id, r.endpoint_id, r.event_id, r.event_type, r.payload, 'pending', 0, ?, ?
         from jsonb_to_recordset(?::jsonb)
           as r(id text, org_id text, endpoint_id text, event_id text, event_type text, payload text)
       on conflict ("endpoint_id", "event_id") do nothing
       returning "id"`,
      [now, now, JSON.stringify(rows)],
    );
    return inserted.length;
  }

  /**
   * Claims up to `limit` due deliveries for this worker: their next attempt moves a lease ahead, so
   * another replica skips them (SKIP LOCKED while claiming, the lease after) and a crashed worker's
   * claim runs out on its own.
   */
  async claimDue(now: Date, limit: number): Promise<ClaimedDelivery[]> {
    const s = this.schema;
    const rows = await this.orm.em
      .fork()
      .getConnection()
      .execute<Array<Record<string, unknown>>>(
        `with due as (
           select "id" from "${s}"."notification_deliveries"
            where "status" = 'pending' and "next_attempt_at" <= ?
            order by "next_attempt_at" limit ? for update skip locked)
         update "${s}"."notification_deliveries" d
            set "next_attempt_at" = ?::timestamptz + interval '${CLAIM_LEASE_SECONDS} seconds'
           from due, "${s}"."notification_endpoints" n
          where d."id" = due."id" and n."id" = d."endpoint_id"
         returning d.*, n."url", n."secret",
           (select count(*)::int from "${s}"."notification_attempts" a where a."delivery_id" = d."id") as "logged"`,
        [now, limit, now],
      );
    return rows.map((r) => ({
      id: r['id'] as string,
      orgId: r['org_id'] as string,
      endpointId: r['endpoint_id'] as string,
      eventId: r['event_id'] as string,
      eventType: r['event_type'] as string,
      payload: r['payload'] as string,
      status: r['status'] as NotificationDelivery['status'],
      attempts: r['attempts'] as number,
      nextAttemptAt: r['next_attempt_at'] ? new Date(r['next_attempt_at'] as string) : null,
      createdAt: new Date(r['created_at'] as string),
      deliveredAt: r['delivered_at'] ? new Date(r['delivered_at'] as string) : null,
      url: r['url'] as string,
      secret: r['secret'] as string,
      logged: r['logged'] as number,
    }));
  }

  /** Records one attempt and the delivery's state after it, together. */
  async recordAttempt(
    deliveryId: string,
    attempt: NotificationAttempt,
    outcome: { status: NotificationDelivery['status']; round: number; deliveredAt: Date | null },
  ): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      em.create(NotificationAttemptSchema, attempt);
      const delivery = await em.findOneOrFail(NotificationDeliverySchema, { id: deliveryId });
      delivery.attempts = outcome.round;
      delivery.status = outcome.status;
      delivery.nextAttemptAt = attempt.nextAttemptAt;
      delivery.deliveredAt = outcome.deliveredAt;
    });
  }

  /** An endpoint's newest deliveries and their attempts. */
  async deliveriesOf(
    endpointId: string,
    limit: number,
  ): Promise<Array<{ delivery: NotificationDelivery; attempts: NotificationAttempt[] }>> {
    const em = this.orm.em.fork();
    const deliveries = await em.find(
      NotificationDeliverySchema,
      { endpointId },
      { orderBy: { id: 'desc' }, limit },
    );
    const attempts = deliveries.length
      ? await em.find(
          NotificationAttemptSchema,
          { deliveryId: { $in: deliveries.map((d) => d.id) } },
          { orderBy: { attempt: 'asc' } },
        )
      : [];
    return deliveries.map((delivery) => ({
      delivery,
      attempts: attempts.filter((a) => a.deliveryId === delivery.id),
    }));
  }

  findDelivery(orgId: string, id: string): Promise<NotificationDelivery | null> {
    return this.orm.em.fork().findOne(NotificationDeliverySchema, { id, orgId });
  }

  /**
   * A dead delivery back to pending, due now, with a fresh round of attempts (logged on after the
   * old ones, which stay). Null if it is not this organisation's dead delivery.
   */
  async redeliver(orgId: string, id: string, now: Date): Promise<NotificationDelivery | null> {
    const em = this.orm.em.fork();
    const delivery = await em.findOne(NotificationDeliverySchema, { id, orgId, status: 'dead' });
    if (!delivery) return null;
    delivery.status = 'pending';
    delivery.attempts = 0;
    delivery.nextAttemptAt = now;
    await em.flush();
    return delivery;
  }
}
