import { Inject, Injectable } from '@nestjs/common';
import {
  ErrorCode,
  EventType,
  IdPrefix,
  idSchema,
  type ChangeContext,
  type KeyDeletedData,
  type KeyEnabledData,
  type KeyRevokedData,
  type KeyRotatedData,
  type KeyUpdatedData,
  type KeyView,
} from '@latchkey/contracts';
import { anyScopeAllows, hashUnderEach } from '@latchkey/auth-core';
import { pageCursor, parseInput, ProblemException, UnitOfWork, type Transaction } from '@latchkey/runtime';
import {
  issuableScopes,
  requestedExpiry,
  type CreateKeyRequest,
  type ListKeysQuery,
  type RotateKeyRequest,
  type UpdateKeyRequest,
} from '@latchkey/api-routes';
import { configuredPeppers, currentPepper, IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { KeyInvalidationService, recordEvent, type Propagation } from '../events';
import { enforcePolicy, OrganisationRepository, policyOf } from '../organisations';
import {
  DEFAULT_GRACE_SECONDS,
  DEFAULT_RATE_LIMIT,
  effectiveStatus,
  toKeyView,
  type ApiKey,
} from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { changesOf, keyFieldsOf } from './key-changes';
import { keyCreatedData } from './key-events';
import type { NewKey } from './key-issuance';
import { checkPresentedSecret, ownKeyOf } from './secret-lookup';

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
    @Inject(UnitOfWork) private readonly unit: UnitOfWork,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly keys: ApiKeyRepository,
    private readonly organisations: OrganisationRepository,
    private readonly invalidation: KeyInvalidationService,
  ) {}

  /** Issues a key; the response is the only place its secret ever appears. */
  async create(actor: KeyActor, request: CreateKeyRequest, ctx: ChangeContext, now = new Date()) {
    // A canary's scopes are a decoy, never granted (ADR 0024); still only what the actor holds.
    const scopes = request.scopes ?? [];
    assertGrantable(actor.scopes, scopes);
    const expiresAt = requestedExpiry(request, now) ?? null;
    assertFuture(expiresAt, now);
    const input: NewKey = {
      orgId: actor.orgId,
      name: request.name,
      description: request.description ?? null,
      environment: request.environment,
      scopes,
      allowedPaths: request.allowed_paths,
      allowedIps: request.allowed_ips,
      rateLimit: request.rate_limit ?? { ...DEFAULT_RATE_LIMIT },
      expiresAt,
      createdBy: ctx.actor.id,
      canary: request.canary,
    };
    const result = await this.unit.run((tx) => this.createIn(tx, input, ctx, now));
    return { ...result.view, secret: result.secret };
  }

  /**
   * Key creation inside a change of the caller's (webhook connections create their key with the
   * connection): the key, its secret and `key.created` commit with the rest of that change.
   */
  async createIn(tx: Transaction, input: NewKey, ctx: ChangeContext, now: Date) {
    // Derived scopes (a webhook connection's) are held to what a request's are: exercisable somewhere.
    // A canary key grants nothing: it may name no scope at all (ADR 0024).
    if (!input.canary || input.scopes.length > 0) parseInput(issuableScopes, { scopes: input.scopes });
    const org = await this.organisations.read(tx, input.orgId);
    enforcePolicy(policyOf(org), input, now);
    const { key, secret } = await this.keys.issue(tx, currentPepper(this.config), input, now);
    recordEvent(tx, EventType.KeyCreated, input.orgId, key.id, keyCreatedData(key, ctx));
    return { key, secret, view: toKeyView(key, now) };
  }

  async list(orgId: string, query: ListKeysQuery, now = new Date()) {
    const before = query.cursor ? KEY_CURSOR.decode(query.cursor) : undefined;
    const keys = await this.keys.page(orgId, query, before, now);
    const page = keys.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      data: page.map((k) => toKeyView(k, now)),
      next_cursor: keys.length > query.limit && last ? KEY_CURSOR.encode(last.id) : null,
    };
  }

  async get(orgId: string, id: string, now = new Date()): Promise<KeyView> {
    const key = await this.keys.find(id, orgId);
    if (!key) throw notFound(id);
    return toKeyView(key, now);
  }

  /**
   * The key of the caller's organisation that a secret belongs to (ADR 0020): checked for format
   * and checksum (400), hashed under every configured pepper, looked up read-only. A secret
   * rotated away, a revoked or an expired key is found, with its status; another organisation's,
   * a deleted key's or an unknown secret is one and the same `not_found`. The secret goes nowhere
   * else: not in a log line, an event or an answer.
   */
  async findBySecret(orgId: string, secret: string, now = new Date()): Promise<KeyView> {
    const verdict = checkPresentedSecret(secret);
    if (!verdict.ok) {
      throw new ProblemException(ErrorCode.InvalidRequest, `secret: ${verdict.message}`, {
        errors: [{ field: 'secret', message: verdict.message }],
      });
    }
    const hashes = hashUnderEach(configuredPeppers(this.config), secret).map((h) => h.hash);
    const row = await this.keys.findSecretByHashes(hashes);
    const key = ownKeyOf(orgId, row ? await this.keys.find(row.keyId) : null);
    if (!key) throw new ProblemException(ErrorCode.NotFound, 'no key of your organisation has this secret');
    return toKeyView(key, now);
  }

  /**
   * Changes permissions and constraints; scopes are checked against the actor and the policy again.
   * `key.updated` records each field whose value changed, old and new; an update that changes
   * nothing answers the key as it is and records nothing (updated_at stays).
   */
  async update(actor: KeyActor, id: string, request: UpdateKeyRequest, ctx: ChangeContext, now = new Date()) {
    if (request.scopes) assertGrantable(actor.scopes, request.scopes);
    const { view, changed } = await this.unit.run(async (tx) => {
      const key = await this.load(tx, actor.orgId, id);
      assertChangeable(key);
      const org = await this.organisations.read(tx, actor.orgId);
      const before = keyFieldsOf(key);
      if (request.name !== undefined) key.name = request.name;
      if (request.description !== undefined) key.description = request.description;
      if (request.scopes) key.scopes = request.scopes;
      if (request.allowed_paths) key.allowedPaths = request.allowed_paths;
      if (request.allowed_ips) key.allowedIps = request.allowed_ips;
      if (request.rate_limit) key.rateLimit = request.rate_limit;
      // Constraints that the policy governs are checked against the key as it will be.
      if (request.scopes || request.allowed_ips) {
        enforcePolicy(
          { ...policyOf(org), max_key_lifetime_days: null, allow_never_expiring_keys: true },
          { scopes: key.scopes, allowedIps: key.allowedIps, expiresAt: key.expiresAt ?? null },
          now,
        );
      }
      const diff = changesOf(before, keyFieldsOf(key));
      const changes = Object.keys(diff);
      if (changes.length === 0) return { view: toKeyView(key, now), changed: false };
      key.updatedAt = now;
      const data: KeyUpdatedData = { key_id: key.id, changes, diff, scopes: key.scopes, ...ctx };
      recordEvent(tx, EventType.KeyUpdated, key.orgId, key.id, data);
      return { view: toKeyView(key, now), changed: true };
    });
    if (changed) this.invalidation.announce(id);
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
    const result = await this.unit.run(async (tx) => {
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
        const org = await this.organisations.read(tx, orgId);
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
      const current = await this.keys.secrets(tx, key.id);
      for (const old of current) {
        // Secrets already in an earlier grace window keep the earlier end.
        if (old.validUntil == null || old.validUntil > graceUntil) old.validUntil = graceUntil;
      }
      const { secret, row } = this.keys.newSecret(tx, currentPepper(this.config), key, now);
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
      recordEvent(tx, EventType.KeyRotated, key.orgId, key.id, data);
      return { ...toKeyView(key, now), secret, previous_secret_valid_until: graceUntil.toISOString() };
    });
    // After the commit, with confirmations as for a revocation: every replica drops what it
    // cached of the key, so its next lookup sees which secrets still hold and until when. Access
    // tokens exchanged with an ended secret are refused from then on (at once for a regenerate,
    // at the grace end otherwise, by each replica's own clock).
    return { ...result, propagation: await this.invalidation.announceAndCount(id) };
  }

  /**
   * Revokes at once and reports how many gateway replicas confirmed the eviction (waits ≤ 2 s).
   * `alongside` runs in the same transaction (a webhook connection revoked with its key): the
   * revocation, its event and that work commit together or not at all.
   */
  async revoke(
    orgId: string,
    id: string,
    reason: string,
    ctx: ChangeContext,
    now = new Date(),
    alongside?: (tx: Transaction) => Promise<void>,
  ) {
    let announced = false;
    let view: KeyView;
    try {
      view = await this.unit.run(async (tx) => {
        const key = await this.load(tx, orgId, id);
        if (key.status !== 'revoked') {
          key.status = 'revoked';
          key.revokedAt = now;
          key.revokedReason = reason;
          key.updatedAt = now;
          const data: KeyRevokedData = { key_id: key.id, reason, ...ctx };
          recordEvent(tx, EventType.KeyRevoked, key.orgId, key.id, data);
          // The revocation is decided (the key found in this organisation, the change and its event
          // staged): replicas may refuse the key now rather than after the UPDATE and the commit's
          // WAL flush. Refusing early is the safe side; if the transaction fails they are told again.
          this.invalidation.announce(id, { revoked: true });
          announced = true;
        }
        await alongside?.(tx);
        return toKeyView(key, now);
      });
    } catch (error) {
      // The commit failed after replicas were told: let them look the key up again.
      if (announced) this.invalidation.announce(id);
      throw error;
    }
    // After the commit, again, with confirmations: a lookup that raced the first announcement may
    // have read the row before the commit. The unit of work has nudged the outbox relay.
    const propagation: Propagation = await this.invalidation.announceAndCount(id, { revoked: true });
    return { ...view, propagation };
  }

  /**
   * Enables a dormant key: it works again at once (every replica drops what it cached of it, and
   * confirms) and its dormancy clock restarts from now, so the next sweep does not disable it again.
   * A key that is not dormant (active, or expired meanwhile, or revoked) is a conflict.
   */
  async enable(orgId: string, id: string, ctx: ChangeContext, now = new Date()) {
    const view = await this.unit.run(async (tx) => {
      const key = await this.load(tx, orgId, id);
      const status = effectiveStatus(key, now);
      if (status !== 'dormant')
        throw new ProblemException(ErrorCode.Conflict, `key ${key.id} is ${status}, not dormant`);
      const data: KeyEnabledData = {
        key_id: key.id,
        dormant_at: (key.dormantAt ?? now).toISOString(),
        ...ctx,
      };
      key.status = 'active';
      key.enabledAt = now;
      key.updatedAt = now;
      recordEvent(tx, EventType.KeyEnabled, key.orgId, key.id, data);
      return toKeyView(key, now);
    });
    return { ...view, propagation: await this.invalidation.announceAndCount(id) };
  }

  /** Revokes and hides the key; its audit trail stays. */
  async delete(orgId: string, id: string, ctx: ChangeContext, now = new Date()): Promise<void> {
    await this.unit.run(async (tx) => {
      const key = await this.load(tx, orgId, id);
      if (key.status !== 'revoked') {
        key.status = 'revoked';
        key.revokedAt = now;
        key.revokedReason = 'deleted';
      }
      key.deletedAt = now;
      key.updatedAt = now;
      const data: KeyDeletedData = { key_id: key.id, ...ctx };
      recordEvent(tx, EventType.KeyDeleted, key.orgId, key.id, data);
    });
    this.invalidation.announce(id, { revoked: true });
  }

  /** The key, in this organisation, locked for the change `tx` runs (ApiKeyRepository.lock). */
  private async load(tx: Transaction, orgId: string, id: string): Promise<ApiKey> {
    const key = await this.keys.lock(tx, orgId, id);
    if (!key) throw notFound(id);
    return key;
  }
}

function notFound(id: string): ProblemException {
  return new ProblemException(ErrorCode.NotFound, `no key ${id}`);
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
