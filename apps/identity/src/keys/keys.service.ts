import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { ErrorCode, EventType, scopesForRole, type KeyCreatedData } from '@latchkey/contracts';
import {
  anyScopeAllows,
  generatePublicId,
  generateSecret,
  hashSecret,
  HashAlgorithm,
  newId,
  PREFIX_LENGTH,
} from '@latchkey/auth-core';
import { buildCloudEvent, enqueueEvent, EventBus } from '@latchkey/messaging';
import { ProblemException } from '@latchkey/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import type { AuthenticatedUser } from '../auth/bearer.strategy';
import { OutboxRelayService } from '../events/outbox-relay.service';
import { ApiKeySchema, DEFAULT_RATE_LIMIT, toKeyView, type ApiKey } from './api-key.entity';
import type { CreateKeyRequest } from './key-requests';

export const EVENT_SOURCE = 'latchkey/identity';

/** Scopes a signed-in user holds: owners and admins hold everything in their organisation. */
export function scopesOfUser(user: AuthenticatedUser): string[] {
  return scopesForRole(user.role);
}

@Injectable()
export class KeysService {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(EventBus) private readonly bus: EventBus,
    private readonly relay: OutboxRelayService,
  ) {}

  /** Issues a key; the response is the only place its secret ever appears. */
  async create(actor: { id: string; orgId: string; scopes: string[] }, request: CreateKeyRequest, now = new Date()) {
    for (const scope of request.scopes) {
      const [base, instance] = scope.split('@');
      if (!anyScopeAllows(actor.scopes, base as string, instance)) {
        throw new ProblemException(ErrorCode.InsufficientScope, `you cannot grant ${scope}: you do not hold it`, {
          scope,
        });
      }
    }
    const expiresAt = expiryOf(request, now);
    if (expiresAt && expiresAt.getTime() <= now.getTime()) {
      throw new ProblemException(ErrorCode.InvalidRequest, 'expires_at: must be in the future');
    }
    const secret = generateSecret(request.environment);
    const em = this.orm.em.fork();
    const key = await em.transactional(async (tx) => {
      const created: ApiKey = tx.create(ApiKeySchema, {
        id: newId('key'),
        orgId: actor.orgId,
        publicId: generatePublicId(),
        prefix: secret.slice(0, PREFIX_LENGTH),
        name: request.name,
        description: request.description ?? null,
        environment: request.environment,
        secretHash: hashSecret(this.config.KEY_PEPPER, secret),
        hashAlg: HashAlgorithm.HmacSha256,
        scopes: request.scopes,
        allowedPaths: request.allowed_paths,
        allowedIps: request.allowed_ips,
        rateLimit: request.rate_limit ?? { ...DEFAULT_RATE_LIMIT },
        status: 'active',
        createdBy: actor.id,
        createdAt: now,
        expiresAt,
        lastUsedAt: null,
        revokedAt: null,
        revokedReason: null,
        deletedAt: null,
      });
      const data: KeyCreatedData = {
        key_id: created.id,
        public_id: created.publicId,
        prefix: created.prefix,
        name: created.name,
        environment: created.environment,
        scopes: created.scopes,
        expires_at: expiresAt?.toISOString() ?? null,
        actor: { type: actor.id.startsWith('usr_') ? 'user' : 'system', id: actor.id },
      };
      enqueueEvent(
        tx,
        this.bus.subjects,
        buildCloudEvent({ type: EventType.KeyCreated, orgId: actor.orgId, source: EVENT_SOURCE, subject: created.id, data }),
      );
      return created;
    });
    this.relay.nudge();
    return { ...toKeyView(key, now), secret };
  }

  async list(orgId: string, options: { limit: number; cursor?: string | undefined }, now = new Date()) {
    const after = options.cursor ? decodeCursor(options.cursor) : undefined;
    const keys = await this.orm.em.fork().find(
      ApiKeySchema,
      { orgId, deletedAt: null, ...(after ? { id: { $lt: after } } : {}) },
      { orderBy: { id: 'desc' }, limit: options.limit + 1 },
    );
    const page = keys.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      data: page.map((k) => toKeyView(k, now)),
      next_cursor: keys.length > options.limit && last ? encodeCursor(last.id) : null,
    };
  }

  async get(orgId: string, id: string, now = new Date()) {
    const key = await this.orm.em.fork().findOne(ApiKeySchema, { id, orgId, deletedAt: null });
    if (!key) throw new ProblemException(ErrorCode.NotFound, `no key ${id}`);
    return toKeyView(key, now);
  }
}

function expiryOf(request: CreateKeyRequest, now: Date): Date | null {
  if (request.expires_in_days !== undefined) return new Date(now.getTime() + request.expires_in_days * 86_400_000);
  if (request.expires_at) return new Date(request.expires_at);
  return null;
}

function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ id })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { id?: unknown };
    if (typeof value.id === 'string' && /^key_[0-9A-Z]{26}$/.test(value.id)) return value.id;
  } catch {
    // fall through
  }
  throw new ProblemException(ErrorCode.InvalidRequest, 'cursor: not a cursor this API returned');
}
