import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import {
  ErrorCode,
  EventType,
  IdPrefix,
  type ChangeContext,
  type NotificationEndpointChangedData,
  type NotificationDeliveryView,
  type NotificationEndpointSecretView,
  type NotificationEndpointView,
  type NotificationEventType,
} from '@latchkey/contracts';
import {
  NOTIFICATION_URL_MAX_LENGTH,
  type createNotificationEndpointRequest,
  type updateNotificationEndpointRequest,
} from '@latchkey/api-routes';
import { newId } from '@latchkey/auth-core';
import { ProblemException, UnitOfWork, type Transaction } from '@latchkey/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { recordEvent } from '../events';
import { checkEndpointUrl } from './endpoint-address';
import type { NotificationEndpoint } from './notification-endpoint.entity';
import type { NotificationAttempt, NotificationDelivery } from './notification-delivery.entity';
import { NotificationsRepository } from './notifications.repository';

/** The most recent deliveries an endpoint's log shows. */
const DELIVERY_LOG_LIMIT = 100;

/** A Standard Webhooks signing secret: `whsec_` + 32 random bytes, base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function toEndpointView(e: NotificationEndpoint): NotificationEndpointView {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    event_types: [...e.eventTypes],
    created_by: e.createdBy,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}

export function toDeliveryView(
  d: NotificationDelivery,
  attempts: NotificationAttempt[],
): NotificationDeliveryView {
  return {
    id: d.id,
    endpoint_id: d.endpointId,
    event_id: d.eventId,
    event_type: d.eventType,
    status: d.status,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      attempted_at: a.attemptedAt.toISOString(),
      status_code: a.statusCode ?? null,
      latency_ms: a.latencyMs,
      error: a.error ?? null,
      next_attempt_at: a.nextAttemptAt?.toISOString() ?? null,
    })),
    next_attempt_at: d.status === 'pending' ? (d.nextAttemptAt?.toISOString() ?? null) : null,
    created_at: d.createdAt.toISOString(),
    delivered_at: d.deliveredAt?.toISOString() ?? null,
  };
}

/** Notification endpoints of an organisation: validated (destination rules) before any write. */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(UnitOfWork) private readonly unit: UnitOfWork,
    private readonly repository: NotificationsRepository,
  ) {}

  /** The URL as stored, or a 400 naming why it is refused (nothing is written). */
  private destination(raw: string): string {
    const verdict = checkEndpointUrl(raw, { allowLoopback: this.config.NOTIFICATIONS_ALLOW_LOCAL });
    if (!verdict.ok) throw new ProblemException(ErrorCode.InvalidRequest, verdict.reason);
    const url = verdict.url.toString();
    // Normalising percent-encodes, so the stored form can outgrow what was sent.
    if (url.length > NOTIFICATION_URL_MAX_LENGTH)
      throw new ProblemException(
        ErrorCode.InvalidRequest,
        `url: longer than ${NOTIFICATION_URL_MAX_LENGTH} characters once normalised`,
      );
    return url;
  }

  async create(
    orgId: string,
    body: z.infer<typeof createNotificationEndpointRequest>,
    ctx: ChangeContext,
  ): Promise<NotificationEndpointSecretView> {
    const url = this.destination(body.url);
    const now = new Date();
    const secret = newSigningSecret();
    return this.unit.run(async (tx) => {
      const endpoint = this.repository.addEndpoint(tx, {
        id: newId(IdPrefix.NotificationEndpoint),
        orgId,
        url,
        description: body.description,
        eventTypes: body.event_types as NotificationEventType[],
        secret,
        createdBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      });
      record(tx, endpoint, 'created', ctx);
      return { ...toEndpointView(endpoint), secret };
    });
  }

  async list(orgId: string) {
    return { data: (await this.repository.listEndpoints(orgId)).map(toEndpointView) };
  }

  async get(orgId: string, id: string): Promise<NotificationEndpointView> {
    return toEndpointView(await this.load(orgId, id));
  }

  async update(
    orgId: string,
    id: string,
    body: z.infer<typeof updateNotificationEndpointRequest>,
    ctx: ChangeContext,
  ): Promise<NotificationEndpointView> {
    const url = body.url === undefined ? undefined : this.destination(body.url);
    return this.unit.run(async (tx) => {
      const endpoint = await this.repository.lockEndpoint(tx, orgId, id);
      if (!endpoint) throw notFound(id);
      const changes: Array<'url' | 'event_types' | 'description'> = [];
      if (url !== undefined && url !== endpoint.url) {
        endpoint.url = url;
        changes.push('url');
      }
      const types = body.event_types as NotificationEventType[] | undefined;
      if (types !== undefined && [...types].sort().join() !== [...endpoint.eventTypes].sort().join()) {
        endpoint.eventTypes = types;
        changes.push('event_types');
      }
      if (body.description !== undefined && body.description !== endpoint.description) {
        endpoint.description = body.description;
        changes.push('description');
      }
      // Nothing changed: no event, and updated_at stays.
      if (changes.length > 0) {
        endpoint.updatedAt = new Date();
        record(tx, endpoint, 'updated', ctx, changes);
      }
      return toEndpointView(endpoint);
    });
  }

  async remove(orgId: string, id: string, ctx: ChangeContext): Promise<void> {
    await this.unit.run(async (tx) => {
      const endpoint = await this.repository.lockEndpoint(tx, orgId, id);
      if (!endpoint) throw notFound(id);
      record(tx, endpoint, 'deleted', ctx);
      await this.repository.deleteEndpoint(tx, endpoint);
    });
  }

  /** A new secret, shown once; the next attempt of every pending delivery is signed with it. */
  async rotateSecret(orgId: string, id: string, ctx: ChangeContext): Promise<NotificationEndpointSecretView> {
    const secret = newSigningSecret();
    return this.unit.run(async (tx) => {
      const endpoint = await this.repository.lockEndpoint(tx, orgId, id);
      if (!endpoint) throw notFound(id);
      endpoint.secret = secret;
      endpoint.updatedAt = new Date();
      record(tx, endpoint, 'secret_rotated', ctx);
      return { ...toEndpointView(endpoint), secret };
    });
  }

  async deliveries(orgId: string, id: string) {
    await this.load(orgId, id);
    const log = await this.repository.deliveriesOf(id, DELIVERY_LOG_LIMIT);
    return { data: log.map(({ delivery, attempts }) => toDeliveryView(delivery, attempts)) };
  }

  async redeliver(orgId: string, id: string): Promise<NotificationDeliveryView> {
    const delivery = await this.repository.redeliver(orgId, id, new Date());
    if (delivery) return toDeliveryView(delivery, []);
    const existing = await this.repository.findDelivery(orgId, id);
    if (!existing) throw new ProblemException(ErrorCode.NotFound, `no notification delivery ${id}`);
    throw new ProblemException(
      ErrorCode.Conflict,
      `notification delivery ${id} is ${existing.status}, not dead`,
    );
  }

  private async load(orgId: string, id: string): Promise<NotificationEndpoint> {
    const endpoint = await this.repository.findEndpoint(orgId, id);
    if (!endpoint) throw notFound(id);
    return endpoint;
  }
}

/** The endpoint's change, in the audit trail through the outbox: never its secret. */
function record(
  tx: Transaction,
  endpoint: NotificationEndpoint,
  action: NotificationEndpointChangedData['action'],
  ctx: ChangeContext,
  changes?: NotificationEndpointChangedData['changes'],
): void {
  const data: NotificationEndpointChangedData = {
    endpoint_id: endpoint.id,
    action,
    url: endpoint.url,
    event_types: [...endpoint.eventTypes],
    ...(changes ? { changes } : {}),
    ...ctx,
  };
  recordEvent(tx, EventType.NotificationEndpointChanged, endpoint.orgId, endpoint.id, data);
}

function notFound(id: string): ProblemException {
  return new ProblemException(ErrorCode.NotFound, `no notification endpoint ${id}`);
}
