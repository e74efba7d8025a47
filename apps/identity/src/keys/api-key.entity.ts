import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { KeySnapshot } from '@latchkey/contracts';

export const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  properties: {
    id: p.string().primary(),
    orgId: p.string(),
    publicId: p.string().unique(),
    prefix: p.string(),
    name: p.string(),
    description: p.string().nullable(),
    environment: p.enum(['live', 'test'] as const),
    /** HMAC-SHA-256 of the secret with the server pepper. Never the secret itself. */
    secretHash: p.string().unique().hidden(),
    hashAlg: p.string(),
    scopes: p.array(),
    allowedPaths: p.array(),
    allowedIps: p.array(),
    rateLimit: p.json<{ limit: number; window_seconds: number }>(),
    status: p.enum(['active', 'revoked'] as const),
    createdBy: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    revokedReason: p.string().nullable(),
    deletedAt: p.datetime().nullable(),
  },
});
export type ApiKey = InferEntity<typeof ApiKeySchema>;

export const DEFAULT_RATE_LIMIT = { limit: 120, window_seconds: 60 } as const;

/** Effective status at `now`: an expired key is refused even before the sweeper marks it. */
export function effectiveStatus(key: ApiKey, now: Date): KeySnapshot['status'] {
  if (key.status === 'revoked') return 'revoked';
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** The plain snapshot the gateway caches and decides on. */
export function toSnapshot(key: ApiKey, now: Date): KeySnapshot {
  return {
    key_id: key.id,
    org_id: key.orgId,
    public_id: key.publicId,
    status: effectiveStatus(key, now),
    environment: key.environment,
    scopes: [...key.scopes],
    allowed_paths: [...key.allowedPaths],
    allowed_ips: [...key.allowedIps],
    rate_limit: { ...key.rateLimit },
    expires_at: key.expiresAt ? key.expiresAt.getTime() : null,
  };
}

/** The public view of a key: what lists and reads show. Never the secret or its hash. */
export function toKeyView(key: ApiKey, now: Date) {
  return {
    id: key.id,
    public_id: key.publicId,
    prefix: key.prefix,
    name: key.name,
    description: key.description ?? null,
    environment: key.environment,
    status: effectiveStatus(key, now),
    scopes: key.scopes,
    allowed_paths: key.allowedPaths,
    allowed_ips: key.allowedIps,
    rate_limit: key.rateLimit,
    created_by: key.createdBy,
    created_at: key.createdAt.toISOString(),
    expires_at: key.expiresAt?.toISOString() ?? null,
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
  };
}
