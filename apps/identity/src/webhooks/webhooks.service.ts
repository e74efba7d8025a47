import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ErrorCode, IdPrefix, type ChangeContext, type WebhookConnectionView } from '@latchkey/contracts';
import { createWebhookRequest, webhookKeyName } from '@latchkey/api-routes';
import { newId } from '@latchkey/auth-core';
import { ProblemException, UnitOfWork } from '@latchkey/runtime';
import { DEFAULT_RATE_LIMIT, KeysService } from '../keys';
import { OrganisationRepository, policyOf } from '../organisations';
import { webhookPathOf, type WebhookConnection } from './webhook-connection.entity';
import { WebhookConnectionRepository } from './webhook-connection.repository';

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
    @Inject(UnitOfWork) private readonly unit: UnitOfWork,
    private readonly connections: WebhookConnectionRepository,
    private readonly organisations: OrganisationRepository,
    private readonly keys: KeysService,
  ) {}

  /**
   * The connection and its key (with `key.created`) in one unit of work: they commit together, and
   * the relay is nudged after the commit like for any other change.
   */
  async create(orgId: string, request: z.infer<typeof createWebhookRequest>, ctx: ChangeContext) {
    const now = new Date();
    const id = newId(IdPrefix.WebhookConnection);
    return this.unit.run(async (tx) => {
      const policy = policyOf(await this.organisations.read(tx, orgId));
      // Webhook senders rarely rotate: never expire unless the policy says otherwise.
      const expiresAt =
        policy.allow_never_expiring_keys && policy.max_key_lifetime_days === null
          ? null
          : new Date(now.getTime() + (policy.max_key_lifetime_days ?? 90) * 86_400_000);
      const { key, secret } = await this.keys.createIn(
        tx,
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
      );
      const connection = this.connections.add(tx, {
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
  }

  async list(orgId: string) {
    return { data: (await this.connections.list(orgId)).map(toConnectionView) };
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

  /**
   * Revokes the connection and its key in one transaction: the key's revocation, its event and the
   * connection's status commit together (a failure leaves all three as they were).
   */
  async revoke(orgId: string, id: string, ctx: ChangeContext) {
    const connection = await this.load(orgId, id);
    const now = new Date();
    let updated: WebhookConnectionView | undefined;
    const revoked = await this.keys.revoke(
      orgId,
      connection.keyId,
      `webhook connection ${id} revoked`,
      ctx,
      now,
      async (tx) => {
        const row = await this.connections.lock(tx, orgId, id);
        if (!row) throw notFound(id);
        if (row.status !== 'revoked') {
          row.status = 'revoked';
          row.revokedAt = now;
        }
        updated = toConnectionView(row);
      },
    );
    return { ...(updated as WebhookConnectionView), ...revoked.propagation };
  }

  private async load(orgId: string, id: string): Promise<WebhookConnection> {
    const connection = await this.connections.find(orgId, id);
    if (!connection) throw notFound(id);
    return connection;
  }
}

function notFound(id: string): ProblemException {
  return new ProblemException(ErrorCode.NotFound, `no webhook connection ${id}`);
}
