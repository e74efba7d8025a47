import { Inject, Injectable } from '@nestjs/common';
import {
  IdPrefix,
  isIdOf,
  type KeyLookupReply,
  type KeyLookupRequest,
  type UserLookupReply,
  type UserLookupRequest,
  type WebhookConnectionLookupReply,
  type WebhookConnectionLookupRequest,
} from '@latchkey/contracts';
import type { Pepper } from '@latchkey/auth-core';
import { configuredPeppers, IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { ApiKeyRepository, secretValidityOf, toSnapshot, type PresentedHash } from '../keys';
import { UserRepository } from '../users';
import { WebhookConnectionRepository } from '../webhooks';

const HASH_PATTERN = /^[0-9a-f]{64}$/;
const PUBLIC_ID_PATTERN = /^lk_pub_[0-9A-Za-z]{24}$/;
const PEPPER_TAG_PATTERN = /^[0-9a-f]{16}$/;
/** More than any rotation needs (KEY_PEPPERS holds at most 8). */
const MAX_PRESENTED_HASHES = 8;

/**
 * The hashes a secret lookup names: `secret_hashes` (one per pepper of the gateway) when present
 * and well-formed, else the lone `secret_hash` of gateways that predate pepper rotation. Anything
 * malformed names nothing.
 */
function presentedHashes(request: KeyLookupRequest): PresentedHash[] {
  if (!('secret_hash' in request)) return [];
  const list: unknown = request.secret_hashes;
  if (Array.isArray(list) && list.length > 0 && list.length <= MAX_PRESENTED_HASHES) {
    const hashes = list.filter(
      (h): h is PresentedHash & { pepper: string } =>
        typeof h === 'object' &&
        h !== null &&
        typeof (h as PresentedHash).pepper === 'string' &&
        PEPPER_TAG_PATTERN.test((h as PresentedHash).pepper ?? '') &&
        typeof (h as PresentedHash).hash === 'string' &&
        HASH_PATTERN.test((h as PresentedHash).hash),
    );
    return hashes.length === list.length ? hashes.map(({ pepper, hash }) => ({ pepper, hash })) : [];
  }
  return typeof request.secret_hash === 'string' && HASH_PATTERN.test(request.secret_hash)
    ? [{ hash: request.secret_hash }]
    : [];
}

/**
 * Answers the gateway's lookups of keys and users (NATS request/reply) on a cache miss, and the
 * data API's lookups of webhook connections.
 */
@Injectable()
export class KeyLookupService {
  private readonly peppers: readonly Pepper[];

  constructor(
    @Inject(IDENTITY_CONFIG) config: Pick<IdentityConfig, 'KEY_PEPPERS' | 'KEY_PEPPER'>,
    private readonly keys: ApiKeyRepository,
    private readonly users: UserRepository,
    private readonly connections: WebhookConnectionRepository,
  ) {
    this.peppers = configuredPeppers(config);
  }

  async lookup(request: KeyLookupRequest): Promise<KeyLookupReply> {
    const now = new Date();
    const hashes = presentedHashes(request);
    if (hashes.length > 0) {
      const secret = await this.keys.findPresentedSecret(hashes, this.peppers, now);
      // A rotated-away secret past its grace end is as unknown as a secret that never existed.
      if (!secret || (secret.validUntil != null && secret.validUntil <= now)) return { found: false };
      const key = await this.keys.find(secret.keyId);
      return key ? { found: true, key: toSnapshot(key, now, secret) } : { found: false };
    }
    if ('key_id' in request && isIdOf(IdPrefix.ApiKey, request.key_id)) {
      const key = await this.keys.find(request.key_id);
      if (!key) return { found: false };
      // Access tokens name the secret they were exchanged with: the gateway needs which secrets
      // still hold, and until when.
      const secrets = await this.keys.liveSecrets(key.id, now);
      return { found: true, key: { ...toSnapshot(key, now), secrets: secrets.map(secretValidityOf) } };
    }
    if (
      'public_id' in request &&
      typeof request.public_id === 'string' &&
      PUBLIC_ID_PATTERN.test(request.public_id)
    ) {
      const key = await this.keys.findByPublicId(request.public_id);
      return key ? { found: true, key: toSnapshot(key, now) } : { found: false };
    }
    return { found: false };
  }

  /** A user's current role and status: the gateway holds a user token to them, not to its claims alone. */
  async lookupUser(request: UserLookupRequest): Promise<UserLookupReply> {
    if (typeof request?.user_id !== 'string' || typeof request.org_id !== 'string') return { found: false };
    const user = await this.users.find(request.org_id, request.user_id);
    return user
      ? {
          found: true,
          role: user.role,
          active: user.status === 'active',
          credential_version: user.credentialVersion,
        }
      : { found: false };
  }

  /**
   * A webhook connection of the asking organisation, and whether it still takes events: read from
   * the database on every ask, so a revocation holds from its commit on.
   */
  async lookupWebhookConnection(
    request: WebhookConnectionLookupRequest,
  ): Promise<WebhookConnectionLookupReply> {
    if (
      typeof request?.org_id !== 'string' ||
      typeof request.connection_id !== 'string' ||
      !isIdOf(IdPrefix.WebhookConnection, request.connection_id)
    )
      return { found: false };
    const connection = await this.connections.find(request.org_id, request.connection_id);
    return connection ? { found: true, status: connection.status } : { found: false };
  }
}
