import { IdPrefix } from '@latchkey/contracts';
import type { EntityManager } from '@mikro-orm/core';
import {
  generatePublicId,
  generateSecret,
  hashSecret,
  HashAlgorithm,
  type Pepper,
  newId,
  PREFIX_LENGTH,
} from '@latchkey/auth-core';
import { ApiKeySchema, ApiKeySecretSchema, type ApiKey, type ApiKeySecret } from './api-key.entity';

export interface NewKey {
  orgId: string;
  name: string;
  description: string | null;
  environment: 'live' | 'test';
  scopes: string[];
  allowedPaths: string[];
  allowedIps: string[];
  rateLimit: { limit: number; window_seconds: number };
  expiresAt: Date | null;
  createdBy: string;
  webhookConnectionId?: string | null;
}

/**
 * Generates a secret and stores only its HMAC, under `pepper` (the first configured). The returned
 * secret must go to the caller once and nowhere else.
 */
export function newSecretFor(
  em: EntityManager,
  pepper: Pepper,
  key: { id: string; environment: 'live' | 'test' },
  now: Date,
): { secret: string; row: ApiKeySecret } {
  const secret = generateSecret(key.environment);
  const row = em.create(ApiKeySecretSchema, {
    id: newId(IdPrefix.Secret),
    keyId: key.id,
    secretHash: hashSecret(pepper.secret, secret),
    hashAlg: HashAlgorithm.HmacSha256,
    pepperId: pepper.id,
    prefix: secret.slice(0, PREFIX_LENGTH),
    createdAt: now,
    validUntil: null,
  });
  return { secret, row };
}

/** Creates a key and its first secret in the unit of work of `em` (the caller commits). */
export async function issueKey(
  em: EntityManager,
  pepper: Pepper,
  input: NewKey,
  now: Date,
): Promise<{ key: ApiKey; secret: string; secretRow: ApiKeySecret }> {
  const id = newId(IdPrefix.ApiKey);
  const environment = input.environment;
  const key = em.create(ApiKeySchema, {
    id,
    orgId: input.orgId,
    publicId: generatePublicId(),
    prefix: '',
    name: input.name,
    description: input.description,
    environment,
    scopes: input.scopes,
    allowedPaths: input.allowedPaths,
    allowedIps: input.allowedIps,
    rateLimit: input.rateLimit,
    status: 'active',
    webhookConnectionId: input.webhookConnectionId ?? null,
    createdBy: input.createdBy,
    createdAt: now,
    updatedAt: now,
    expiresAt: input.expiresAt,
    lastUsedAt: null,
    revokedAt: null,
    revokedReason: null,
    deletedAt: null,
  });
  // The key row must exist before its secret row references it.
  await em.flush();
  const { secret, row } = newSecretFor(em, pepper, key, now);
  key.prefix = row.prefix;
  return { key, secret, secretRow: row };
}
