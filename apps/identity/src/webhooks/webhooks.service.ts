import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ErrorCode, IdPrefix, type ChangeContext, type WebhookConnectionView } from '@latchkey/contracts';
import { createWebhookRequest, webhookKeyName } from '@latchkey/api-routes';
import { newId } from '@latchkey/auth-core';
import { ProblemException } from '@latchkey/runtime';
import { DEFAULT_RATE_LIMIT } from '../keys/api-key.entity';
import { KeysService } from '../keys/keys.service';
import { OrganisationSchema, policyOf } from '../organisations/organisation.entity';
import { webhookPathOf, WebhookConnectionSchema, type WebhookConnection } from './webhook-connection.entity';

function toConnectionView(c: WebhookConnection): WebhookConnectionView {
  return {
    id: c.id,
    name: c.name,
    key_id: c.keyId,
    status: c.status,
    ingest_path: webhookPathOf(c.id).replace('/*', '/events'),
    created_by: c.createdBy,
    created_at: c.createdAt.toISOString(),
    revoked_at: c.revokedAt?.toISOString() ?? null,
  };
}

/**
 * Webhook connections: each gets its own key that can only post events to its own ingest path
 * (`webhooks:write@<connection>` on `/v1/webhooks/<connection>/*`).
 */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly keys: KeysService,
  ) {}

  async create(orgId: string, request: z.infer<typeof createWebhookRequest>, ctx: ChangeContext) {
    const now = new Date();
    const id = newId(IdPrefix.WebhookConnection);
    const result = await this.orm.em.fork().transactional(async (tx) => {
      const policy = policyOf(await tx.findOneOrFail(OrganisationSchema, { id: orgId }));
      // Webhook senders rarely rotate: never expire unless the policy says otherwise.
      const expiresAt =
        policy.allow_never_expiring_keys && policy.max_key_lifetime_days === null
          ? null
          : new Date(now.getTime() + (policy.max_key_lifetime_days ?? 90) * 86_400_000);
      const { key, secret } = await this.keys.createWithin(
        orgId,
        {
          orgId,
          name: webhookKeyName(request.name),
          description: `Generated for webhook connection ${id}`,
          environment: request.environment,
          scopes: [`webhooks:write@${id}`],
          allowedPaths: [webhookPathOf(id)],
          allowedIps: [],
          rateLimit: { ...DEFAULT_RATE_LIMIT },
          expiresAt,
          createdBy: ctx.actor.id,
          webhookConnectionId: id,
        },
        ctx,
        now,
        tx,
      );
      const connection = tx.create(WebhookConnectionSchema, {
        id,
        orgId,
        name: request.name,
        keyId: key.id,
        status: 'active',
        createdBy: ctx.actor.id,
        createdAt: now,
        revokedAt: null,
      });
      return { ...toConnectionView(connection), secret };
    });
    return result;
  }

  async list(orgId: string) {
    const rows = await this.orm.em
      .fork()
      .find(WebhookConnectionSchema, { orgId }, { orderBy: { id: 'desc' }, limit: 500 });
    return { data: rows.map(toConnectionView) };
  }

  async get(orgId: string, id: string) {
    return toConnectionView(await this.load(orgId, id));
  }

  /** A new secret for the connection's key; the old one (and its access tokens) stops working at once. */
  async regenerate(orgId: string, id: string, ctx: ChangeContext) {
    const connection = await this.load(orgId, id);
    if (connection.status !== 'active')
      throw new ProblemException(ErrorCode.Conflict, `webhook connection ${id} is revoked`);
    const rotated = await this.keys.rotate(orgId, connection.keyId, { grace_seconds: 0 }, ctx);
    return { ...toConnectionView(connection), secret: rotated.secret, ...rotated.propagation };
  }

  async revoke(orgId: string, id: string, ctx: ChangeContext) {
    const connection = await this.load(orgId, id);
    const revoked = await this.keys.revoke(orgId, connection.keyId, `webhook connection ${id} revoked`, ctx);
    const updated = await this.orm.em.fork().transactional(async (tx) => {
      const row = await tx.findOneOrFail(WebhookConnectionSchema, { id, orgId });
      if (row.status !== 'revoked') {
        row.status = 'revoked';
        row.revokedAt = new Date();
      }
      return toConnectionView(row);
    });
    return { ...updated, ...revoked.propagation };
  }

  private async load(orgId: string, id: string): Promise<WebhookConnection> {
    const connection = await this.orm.em.fork().findOne(WebhookConnectionSchema, { id, orgId });
    if (!connection) throw new ProblemException(ErrorCode.NotFound, `no webhook connection ${id}`);
    return connection;
  }
}
