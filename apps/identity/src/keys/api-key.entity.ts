import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { KeySnapshot, KeyView, SecretValidity } from '@latchkey/contracts';

export const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  // The migrations' indexes: keyset pages of one organisation (newest first), and the sweeper's
  // scan for active keys that expire.
  indexes: [
    {
      name: 'api_keys_org_idx',
      columns: [{ name: 'orgId' }, { name: 'id', sort: 'desc' }],
    },
    {
      name: 'api_keys_expiry_idx',
      properties: ['expiresAt'],
      where: `"status" = 'active' and "expires_at" is not null`,
    },
  ],
  properties: {
    id: p.string().length(40).primary(),
    orgId: p.string().length(40),
    /** PostgreSQL's name for the migration's inline UNIQUE. */
    publicId: p.string().length(40).unique('api_keys_public_id_key'),
    /** Prefix of the current secret, for recognition. */
    prefix: p.string().length(16),
    name: p.string().length(200),
    description: p.text().nullable(),
    environment: p.enum(['live', 'test'] as const).columnType('varchar(8)'),
    scopes: p.array(),
    allowedPaths: p.array().defaultRaw(`'{}'`),
    allowedIps: p.array().defaultRaw(`'{}'`),
    rateLimit: p.json<{ limit: number; window_seconds: number }>(),
    status: p.enum(['active', 'revoked', 'expired', 'dormant'] as const).columnType('varchar(16)'),
    webhookConnectionId: p.string().length(40).nullable(),
    createdBy: p.string().length(40),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    expiresAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    revokedReason: p.text().nullable(),
    deletedAt: p.datetime().nullable(),
    /** The last report of a live secret of the key found in public (POST /security/leaks). */
    leakedAt: p.datetime().nullable(),
    leakUrl: p.text().nullable(),
    leakSource: p.string().length(100).nullable(),
    leakType: p.string().length(200).nullable(),
    /** What the organisation's leak_action did then. */
    leakAction: p
      .enum(['revoke', 'quarantine', 'report'] as const)
      .columnType('varchar(16)')
      .nullable(),
    /** Set by a leak under leak_action `quarantine`: the gateway passes only GET and HEAD from then on. */
    quarantinedAt: p.datetime().nullable(),
    /** When the sweeper disabled the key as unused (status `dormant`); kept after it is enabled. */
    dormantAt: p.datetime().nullable(),
    /** When an owner or admin last enabled it: its dormancy clock counts from here too. */
    enabledAt: p.datetime().nullable(),
    /** A canary key (ADR 0024): grants nothing, any use raises key.canary_tripped. */
    canary: p.boolean().default(false),
  },
});
export type ApiKey = InferEntity<typeof ApiKeySchema>;

/** One secret of a key: the current one, or a rotated-away one until its grace window ends. */
export const ApiKeySecretSchema = defineEntity({
  name: 'ApiKeySecret',
  tableName: 'api_key_secrets',
  // The migration's index: a key's secrets, for rotation and revocation.
  indexes: [{ name: 'api_key_secrets_key_idx', properties: ['keyId'] }],
  properties: {
    id: p.string().length(40).primary(),
    keyId: p.string().length(40),
    /** HMAC-SHA-256 of the secret with the server pepper. Never the secret itself. */
    secretHash: p.string().length(128).unique('api_key_secrets_secret_hash_key').hidden(),
    hashAlg: p.string().length(32),
    /** The id of the pepper the hash was made with (KEY_PEPPERS); `legacy` for the single KEY_PEPPER. */
    pepperId: p.string().length(32),
    prefix: p.string().length(16),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    /** Null for the current secret; the grace end for a rotated-away one. */
    validUntil: p.datetime().nullable(),
  },
});
export type ApiKeySecret = InferEntity<typeof ApiKeySecretSchema>;

export const DEFAULT_RATE_LIMIT = { limit: 120, window_seconds: 60 } as const;
export const DEFAULT_GRACE_SECONDS = 86_400;

/**
 * Effective status at `now`: an expired key is refused even before the sweeper marks it. Expiry
 * wins over dormancy: enabling cannot bring back a key that has expired.
 */
export function effectiveStatus(key: ApiKey, now: Date): KeySnapshot['status'] {
  if (key.status === 'revoked') return 'revoked';
  if (key.status === 'expired' || (key.expiresAt && key.expiresAt.getTime() <= now.getTime()))
    return 'expired';
  if (key.status === 'dormant') return 'dormant';
  return 'active';
}

/** The plain snapshot the gateway caches and decides on. */
export function toSnapshot(key: ApiKey, now: Date, secret?: ApiKeySecret): KeySnapshot {
  return {
    key_id: key.id,
    org_id: key.orgId,
    public_id: key.publicId,
    status: key.deletedAt ? 'revoked' : effectiveStatus(key, now),
    environment: key.environment,
    scopes: [...key.scopes],
    allowed_paths: [...key.allowedPaths],
    allowed_ips: [...key.allowedIps],
    rate_limit: { ...key.rateLimit },
    expires_at: key.expiresAt ? key.expiresAt.getTime() : null,
    secret_valid_until: secret?.validUntil ? secret.validUntil.getTime() : null,
    ...(key.quarantinedAt ? { quarantined: true } : {}),
    // Only when set: a snapshot of an ordinary key stays as it was (gateways that predate it read it).
    ...(key.canary ? { canary: true } : {}),
  };
}

/** How long access tokens exchanged with this secret may be used. */
export function secretValidityOf(secret: ApiKeySecret): SecretValidity {
  return {
    id: secret.id,
    created_at: secret.createdAt.getTime(),
    valid_until: secret.validUntil ? secret.validUntil.getTime() : null,
  };
}

/** Keys expiring within seven days (a 7-day key from the start) show as "expiring soon". */
export const EXPIRING_SOON_MS = 7 * 86_400_000;

/** The public view of a key: what lists and reads show. Never a secret or its hash. */
export function toKeyView(key: ApiKey, now: Date): KeyView {
  const status = effectiveStatus(key, now);
  return {
    id: key.id,
    public_id: key.publicId,
    prefix: key.prefix,
    name: key.name,
    description: key.description ?? null,
    environment: key.environment,
    status,
    expiring_soon:
      status === 'active' &&
      key.expiresAt != null &&
      key.expiresAt.getTime() - now.getTime() <= EXPIRING_SOON_MS,
    scopes: key.scopes,
    allowed_paths: key.allowedPaths,
    allowed_ips: key.allowedIps,
    rate_limit: key.rateLimit,
    webhook_connection_id: key.webhookConnectionId ?? null,
    created_by: key.createdBy,
    created_at: key.createdAt.toISOString(),
    updated_at: key.updatedAt.toISOString(),
    expires_at: key.expiresAt?.toISOString() ?? null,
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
    revoked_reason: key.revokedReason ?? null,
    leaked_at: key.leakedAt?.toISOString() ?? null,
    leak:
      key.leakedAt && key.leakAction
        ? {
            url: key.leakUrl ?? '',
            source: key.leakSource ?? '',
            type: key.leakType ?? '',
            action: key.leakAction,
          }
        : null,
    quarantined: key.quarantinedAt != null,
    dormant_at: status === 'dormant' ? (key.dormantAt?.toISOString() ?? null) : null,
    canary: key.canary,
  };
}
