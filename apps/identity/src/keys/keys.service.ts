import { Inject, Injectable } from '@nestjs/common';
import { LockMode, type EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  ErrorCode,
  EventType,
  IdPrefix,
  idSchema,
  type ChangeContext,
  type KeyCreatedData,
  type KeyDeletedData,
  type KeyRevokedData,
  type KeyRotatedData,
  type KeyUpdatedData,
  type KeyView,
} from '@latchkey/contracts';
import { anyScopeAllows } from '@latchkey/auth-core';
import { EventBus } from '@latchkey/messaging';
import { OutboxRelayService, pageCursor, parseInput, ProblemException } from '@latchkey/runtime';
import { currentPepper, IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { recordEvent } from '../events/change-events';
import { KeyInvalidationService, type Propagation } from '../events/key-invalidation.service';
import { OrganisationSchema, policyOf } from '../organisations/organisation.entity';
import {
  ApiKeySchema,
  ApiKeySecretSchema,
  DEFAULT_GRACE_SECONDS,
  DEFAULT_RATE_LIMIT,
  effectiveStatus,
  EXPIRING_SOON_MS,
  toKeyView,
  type ApiKey,
} from './api-key.entity';
import { enforcePolicy } from './issuance-policy';
import { issueKey, newSecretFor, type NewKey } from './key-issuance';
import {
  issuableScopes,
  requestedExpiry,
  type CreateKeyRequest,
  type ListKeysQuery,
  type RotateKeyRequest,
  type UpdateKeyRequest,
} from '@latchkey/api-routes';

/** Keys are listed newest first; the cursor carries the last key's id. */
const KEY_CURSOR = pageCursor(idSchema(IdPrefix.ApiKey));

/** Who acts on keys: their organisation and the scopes they hold (a key never gets more). */
export interface KeyActor {
  orgId: string;
  scopes: string[];
}

@Injectable()
export class KeysService {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(EventBus) private readonly bus: EventBus,
    private readonly relay: OutboxRelayService,
    private readonly invalidation: KeyInvalidationService,
  ) {}

  /** Issues a key; the response is the only place its secret ever appears. */
  async create(actor: KeyActor, request: CreateKeyRequest, ctx: ChangeContext, now = new Date()) {
    assertGrantable(actor.scopes, request.scopes);
    const expiresAt = requestedExpiry(request, now) ?? null;
    assertFuture(expiresAt, now);
    const result = await this.createWithin(
      actor.orgId,
      {
        orgId: actor.orgId,
        name: request.name,
        description: request.description ?? null,
        environment: request.environment,
        scopes: request.scopes,
        allowedPaths: request.allowed_paths,
        allowedIps: request.allowed_ips,
        rateLimit: request.rate_limit ?? { ...DEFAULT_RATE_LIMIT },
        expiresAt,
        createdBy: ctx.actor.id,
      },
      ctx,
      now,
    );
    return { ...result.view, secret: result.secret };
  }

  /** Key creation inside a transaction of the caller's choosing (webhook connections reuse it). */
  async createWithin(orgId: string, input: NewKey, ctx: ChangeContext, now: Date, em?: EntityManager) {
    // Derived scopes (a webhook connection's) are held to what a request's are: exercisable somewhere.
    parseInput(issuableScopes, { scopes: input.scopes });
    const run = async (tx: EntityManager) => {
      const org = await tx.findOneOrFail(OrganisationSchema, { id: orgId });
      enforcePolicy(policyOf(org), input, now);
      const { key, secret } = await issueKey(tx, currentPepper(this.config), input, now);
      const data: KeyCreatedData = {
        key_id: key.id,
        public_id: key.publicId,
        prefix: key.prefix,
        name: key.name,
        environment: key.environment,
        scopes: key.scopes,
        expires_at: key.expiresAt?.toISOString() ?? null,
        ...ctx,
      };
      recordEvent(tx, this.bus.subjects, EventType.KeyCreated, orgId, key.id, data);
      return { key, secret, view: toKeyView(key, now) };
    };
    if (em) return run(em);
    const result = await this.orm.em.fork().transactional(run);
    this.relay.nudge();
    return result;
  }

  async list(orgId: string, query: ListKeysQuery, now = new Date()) {
    const after = query.cursor ? KEY_CURSOR.decode(query.cursor) : undefined;
    const nowDate = now;
    const statusFilter =
      query.status === 'active'
        ? { status: 'active' as const, $or: [{ expiresAt: null }, { expiresAt: { $gt: nowDate } }] }
        : query.status === 'expired'
          ? {
              $or: [
                { status: 'expired' as const },
                { status: 'active' as const, expiresAt: { $lte: nowDate } },
              ],
            }
          : query.status === 'expiring_soon'
            ? {
                status: 'active' as const,
                expiresAt: { $gt: nowDate, $lte: new Date(nowDate.getTime() + EXPIRING_SOON_MS) },
              }
            : query.status === 'revoked'
              ? { status: 'revoked' as const }
              : {};
    const search = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    const keys = await this.orm.em.fork().find(
      ApiKeySchema,
      {
        orgId,
        deletedAt: null,
        ...statusFilter,
        ...(query.environment ? { environment: query.environment } : {}),
        ...(search
          ? { $and: [{ $or: [{ name: { $ilike: search } }, { prefix: { $ilike: search } }] }] }
          : {}),
        ...(after ? { id: { $lt: after } } : {}),
      },
      { orderBy: { id: 'desc' }, limit: query.limit + 1 },
    );
    const page = keys.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      data: page.map((k) => toKeyView(k, now)),
      next_cursor: keys.length > query.limit && last ? KEY_CURSOR.encode(last.id) : null,
    };
  }

  async get(orgId: string, id: string, now = new Date()): Promise<KeyView> {
    return toKeyView(await this.load(this.orm.em.fork(), orgId, id, false), now);
  }

  /** Changes permissions and constraints; scopes are checked against the actor and the policy again. */
  async update(actor: KeyActor, id: string, request: UpdateKeyRequest, ctx: ChangeContext, now = new Date()) {
    if (request.scopes) assertGrantable(actor.scopes, request.scopes);
    const view = await this.orm.em.fork().transactional(async (tx) => {
      const key = await this.load(tx, actor.orgId, id);
      assertChangeable(key);
      const org = await tx.findOneOrFail(OrganisationSchema, { id: actor.orgId });
      if (request.name !== undefined) key.name = request.name;
      if (request.description !== undefined) key.description = request.description;
      if (request.scopes) key.scopes = request.scopes;
      if (request.allowed_paths) key.allowedPaths = request.allowed_paths;
      if (request.allowed_ips) key.allowedIps = request.allowed_ips;
      if (request.rate_limit) key.rateLimit = request.rate_limit;
      key.updatedAt = now;
      // Constraints that the policy governs are checked against the key as it will be.
      if (request.scopes || request.allowed_ips) {
        enforcePolicy(
          { ...policyOf(org), max_key_lifetime_days: null, allow_never_expiring_keys: true },
          { scopes: key.scopes, allowedIps: key.allowedIps, expiresAt: key.expiresAt ?? null },
          now,
        );
      }
      const data: KeyUpdatedData = {
        key_id: key.id,
        changes: Object.keys(request),
        scopes: key.scopes,
        ...ctx,
      };
      recordEvent(tx, this.bus.subjects, EventType.KeyUpdated, key.orgId, key.id, data);
      return toKeyView(key, now);
    });
    this.afterChange(id);
    return view;
  }

  /**
   * A new secret; the old one, and every access token exchanged with it, keeps working until the
   * grace end (0 = regenerate: they end at once). An optional new expiry is checked against the
   * policy. Reports how many gateway replicas confirmed, like a revocation.
   */
  async rotate(orgId: string, id: string, request: RotateKeyRequest, ctx: ChangeContext, now = new Date()) {
    const graceSeconds = request.grace_seconds ?? DEFAULT_GRACE_SECONDS;
    const newExpiry = requestedExpiry(request, now);
    if (newExpiry !== undefined) assertFuture(newExpiry, now);
    const result = await this.orm.em.fork().transactional(async (tx) => {
      const key = await this.load(tx, orgId, id);
      assertChangeable(key);
      const expired = effectiveStatus(key, now) === 'expired';
      // A new secret for an expired key would be refused at once: it needs a new expiry too.
      if (expired && newExpiry === undefined)
        throw new ProblemException(
          ErrorCode.InvalidRequest,
          `key ${key.id} has expired: give expires_in_days or expires_at to renew it`,
        );
      if (newExpiry !== undefined) {
        const org = await tx.findOneOrFail(OrganisationSchema, { id: orgId });
        enforcePolicy(
          policyOf(org),
          { scopes: key.scopes, allowedIps: key.allowedIps, expiresAt: newExpiry },
          now,
        );
        key.expiresAt = newExpiry;
        // Regenerating an expired key with a new expiry renews it.
        if (expired) key.status = 'active';
      }
      const graceUntil = new Date(now.getTime() + graceSeconds * 1000);
      const current = await tx.find(
        ApiKeySecretSchema,
        { keyId: key.id },
        { orderBy: { createdAt: 'desc' } },
      );
      for (const old of current) {
        // Secrets already in an earlier grace window keep the earlier end.
        if (old.validUntil == null || old.validUntil > graceUntil) old.validUntil = graceUntil;
      }
      const { secret, row } = newSecretFor(tx, currentPepper(this.config), key, now);
      key.prefix = row.prefix;
      key.updatedAt = now;
      const previous = current.find((s) => s.id !== row.id);
      const data: KeyRotatedData = {
        key_id: key.id,
        old_secret_id: previous?.id ?? '',
        new_secret_id: row.id,
        grace_until: graceUntil.toISOString(),
        expires_at: key.expiresAt?.toISOString() ?? null,
        ...ctx,
      };
      recordEvent(tx, this.bus.subjects, EventType.KeyRotated, key.orgId, key.id, data);
      return { ...toKeyView(key, now), secret, previous_secret_valid_until: graceUntil.toISOString() };
    });
    // After the commit, with confirmations as for a revocation: every replica drops what it
    // cached of the key, so its next lookup sees which secrets still hold and until when. Access
    // tokens exchanged with an ended secret are refused from then on (at once for a regenerate,
    // at the grace end otherwise, by each replica's own clock).
    const propagation = this.invalidation.announceAndCount(id);
    this.relay.nudge();
    return { ...result, propagation: await propagation };
  }

  /** Revokes at once and reports how many gateway replicas confirmed the eviction (waits ≤ 2 s). */
  async revoke(orgId: string, id: string, reason: string, ctx: ChangeContext, now = new Date()) {
    let announced = false;
    let view: ReturnType<typeof toKeyView>;
    try {
      view = await this.orm.em.fork().transactional(async (tx) => {
        const key = await this.load(tx, orgId, id);
        if (key.status !== 'revoked') {
          key.status = 'revoked';
          key.revokedAt = now;
          key.revokedReason = reason;
          key.updatedAt = now;
          const data: KeyRevokedData = { key_id: key.id, reason, ...ctx };
          recordEvent(tx, this.bus.subjects, EventType.KeyRevoked, key.orgId, key.id, data);
          // The revocation is decided (the key found in this organisation, the change and its event
          // staged): replicas may refuse the key now rather than after the UPDATE and the commit's
          // WAL flush. Refusing early is the safe side; if the transaction fails they are told again.
          this.invalidation.announce(id, { revoked: true });
          announced = true;
        }
        return toKeyView(key, now);
      });
    } catch (error) {
      // The commit failed after replicas were told: let them look the key up again.
      if (announced) this.invalidation.announce(id);
      throw error;
    }
    // After the commit, again, with confirmations: a lookup that raced the first announcement may
    // have read the row before the commit. The outbox relay follows.
    const propagation: Promise<Propagation> = this.invalidation.announceAndCount(id, { revoked: true });
    this.relay.nudge();
    return { ...view, propagation: await propagation };
  }

  /** Revokes and hides the key; its audit trail stays. */
  async delete(orgId: string, id: string, ctx: ChangeContext, now = new Date()): Promise<void> {
    await this.orm.em.fork().transactional(async (tx) => {
      const key = await this.load(tx, orgId, id);
      if (key.status !== 'revoked') {
        key.status = 'revoked';
        key.revokedAt = now;
        key.revokedReason = 'deleted';
      }
      key.deletedAt = now;
      key.updatedAt = now;
      const data: KeyDeletedData = { key_id: key.id, ...ctx };
      recordEvent(tx, this.bus.subjects, EventType.KeyDeleted, key.orgId, key.id, data);
    });
    this.afterChange(id, { revoked: true });
  }

  private afterChange(keyId: string, change: { revoked?: boolean } = {}): void {
    this.invalidation.announce(keyId, change);
    this.relay.nudge();
  }

  /**
   * The key, in this organisation (another organisation's key, or a deleted one, is simply not
   * found). Inside a transaction that changes it, its row is locked (FOR
   * UPDATE): concurrent changes of one key run one after the other, each seeing the other's result
   * (a rotation racing a revocation must not write `active` over `revoked`).
   */
  private async load(em: EntityManager, orgId: string, id: string, forUpdate = true): Promise<ApiKey> {
    const key = await em.findOne(
      ApiKeySchema,
      { id, orgId, deletedAt: null },
      forUpdate ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
    );
    if (!key) throw new ProblemException(ErrorCode.NotFound, `no key ${id}`);
    return key;
  }
}

/** A key never receives a scope its creator lacks (instance-bound scopes included). */
export function assertGrantable(actorScopes: string[], requested: string[]): void {
  for (const scope of requested) {
    const [base, instance] = scope.split('@');
    const required = base === '*' ? '*:*' : (base as string);
    const allowed =
      base === '*' ? actorScopes.includes('*') : anyScopeAllows(actorScopes, required, instance);
    if (!allowed) {
      throw new ProblemException(
        ErrorCode.InsufficientScope,
        `scopes: you cannot grant ${scope}, you do not hold it`,
        {
          scope,
        },
      );
    }
  }
}

function assertFuture(expiresAt: Date | null, now: Date): void {
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw new ProblemException(ErrorCode.InvalidRequest, 'expires_at: must be in the future');
  }
}

function assertChangeable(key: ApiKey): void {
  if (key.status === 'revoked') throw new ProblemException(ErrorCode.Conflict, `key ${key.id} is revoked`);
}
