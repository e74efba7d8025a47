import { IdPrefix } from '@latchkey/contracts';
import {
  generatePublicId,
  generateSecret,
  hashSecret,
  HashAlgorithm,
  type KeyEnvironment,
  type Pepper,
  newId,
  PREFIX_LENGTH,
} from '@latchkey/auth-core';
import type { ApiKey, ApiKeySecret } from './api-key.entity';

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
  /** A canary key (ADR 0024); false unless said. */
  canary?: boolean;
}

/** What a secret's row keeps of it: its HMAC under a pepper, that pepper's id and a prefix to recognise it by. */
export interface StoredSecret {
  secretHash: string;
  hashAlg: HashAlgorithm;
  pepperId: string;
  prefix: string;
}

/**
 * The at-rest form of `secret` under `pepper`. Deterministic: the same secret under the same pepper
 * is always stored (and found) the same way; the secret itself is not in it.
 */
export function storedFormOf(pepper: Pepper, secret: string): StoredSecret {
  return {
    secretHash: hashSecret(pepper.secret, secret),
    hashAlg: HashAlgorithm.HmacSha256,
    pepperId: pepper.id,
    prefix: secret.slice(0, PREFIX_LENGTH),
  };
}

/**
 * A fresh secret of the key and the row that stores it, under `pepper` (the first configured). The
 * returned secret must go to the caller once and nowhere else.
 */
export function newSecretRow(
  pepper: Pepper,
  key: { id: string; environment: KeyEnvironment },
  now: Date,
): { secret: string; row: ApiKeySecret } {
  const secret = generateSecret(key.environment);
  return {
    secret,
    row: {
      id: newId(IdPrefix.Secret),
      keyId: key.id,
      ...storedFormOf(pepper, secret),
      createdAt: now,
      validUntil: null,
    },
  };
}

/** The row of a new, active key (its prefix is its first secret's, set when that secret is made). */
export function newKeyRow(input: NewKey, now: Date): ApiKey {
  return {
    id: newId(IdPrefix.ApiKey),
    orgId: input.orgId,
    publicId: generatePublicId(),
    prefix: '',
    name: input.name,
    description: input.description,
    environment: input.environment,
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
    leakedAt: null,
    leakUrl: null,
    leakSource: null,
    leakType: null,
    leakAction: null,
    quarantinedAt: null,
    dormantAt: null,
    enabledAt: null,
    canary: input.canary ?? false,
  };
}
