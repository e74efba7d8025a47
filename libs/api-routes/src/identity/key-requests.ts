import { z } from 'zod';
import { allowedPathProblem, cursorParam, isoDateTime, text } from '@latchkey/contracts';
import { isIpOrCidr, parseScope } from '@latchkey/auth-core';
import { BINDABLE_SCOPES, BINDING_ID_PREFIXES, GRANTABLE_SCOPES } from '../table';

/** The longest a rotated-away secret may stay valid: a week. */
export const MAX_GRACE_SECONDS = 604_800;

const grantable = new Set(GRANTABLE_SCOPES);

/** What a refused scope's message lists: every scope that can be issued, and where a binding can go. */
const VALID_SCOPES_TEXT =
  `valid scopes: ${GRANTABLE_SCOPES.join(', ')}; ` +
  `bound to one instance (scope@id): ${[...BINDABLE_SCOPES].sort().join(', ')}`;

/**
 * Why a scope cannot be issued, or undefined if it can: it must be one some route requires (or a
 * wildcard over routed resources), and bound to an instance only where a route names one or narrows
 * its rows to projects. A scope no route can exercise would be a promise nothing keeps.
 */
export function scopeProblem(text: string): string | undefined {
  const parsed = parseScope(text);
  if (!parsed)
    return `not a scope (resource:action, resource:*, * or resource:action@id); ${VALID_SCOPES_TEXT}`;
  const unbound = parsed.resource === '*' ? '*' : `${parsed.resource}:${parsed.action}`;
  if (!grantable.has(unbound)) return `${unbound} is not required by any route; ${VALID_SCOPES_TEXT}`;
  if (parsed.instance === undefined) return undefined;
  const kinds = BINDING_ID_PREFIXES.get(unbound);
  if (!kinds) return `${unbound} cannot be bound to one instance; ${VALID_SCOPES_TEXT}`;
  const [kind, rest] = parsed.instance.split(/_(.*)/s);
  if (!kinds.has(kind ?? '') || !rest || !/^[0-9A-Za-z]+$/.test(rest))
    return `${unbound} can be bound only to ${[...kinds].map((k) => `a ${k}_… id`).join(' or ')}`;
  return undefined;
}

export const scopeText = text()
  .max(200)
  .superRefine((text, ctx) => {
    const problem = scopeProblem(text);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A key's scopes as stored: checked on every issuance, also for keys whose scopes are derived (webhook connections). */
export const issuableScopes = z.strictObject({ scopes: z.array(scopeText).min(1).max(100) });

export const cidrText = text().refine(isIpOrCidr, 'not an IP address or CIDR block');

/** A glob within the bounds that keep matching it linear (contracts' allowedPathProblem names the rule). */
export const allowedPathText = text().superRefine((glob, ctx) => {
  const problem = allowedPathProblem(glob);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

/** A key's name: what the `api_keys.name` column holds (varchar(200); zod counts UTF-16 units, never fewer). */
export const KEY_NAME_MAX_LENGTH = 200;
export const keyName = text().trim().min(1).max(KEY_NAME_MAX_LENGTH);

export const EXPIRY_PRESETS_DAYS = [7, 30, 60, 90] as const;

const rateLimit = z.strictObject({
  limit: z.number().int().min(1).max(1_000_000),
  window_seconds: z.number().int().min(1).max(86_400),
});

const expiry = {
  expires_in_days: z.union(EXPIRY_PRESETS_DAYS.map((d) => z.literal(d))).optional(),
  /** A custom date, or null for a key that never expires (if policy allows). */
  expires_at: isoDateTime().nullable().optional(),
};

const oneExpiry = (r: { expires_in_days?: number | undefined; expires_at?: string | null | undefined }) =>
  !(r.expires_in_days !== undefined && r.expires_at !== undefined);
const oneExpiryMessage = {
  message: 'give either expires_in_days or expires_at, not both',
  path: ['expires_at'],
};

export const createKeyRequest = z
  .strictObject({
    name: keyName,
    description: text().max(2000).optional(),
    environment: z.enum(['live', 'test']).default('live'),
    /** Required unless `canary`: a canary key grants nothing whatever it names (ADR 0024). */
    scopes: z.array(scopeText).max(100).optional(),
    allowed_paths: z.array(allowedPathText).max(100).default([]),
    allowed_ips: z.array(cidrText).max(100).default([]),
    rate_limit: rateLimit.optional(),
    canary: z
      .boolean()
      .default(false)
      .describe(
        'A canary key (ADR 0024): it grants nothing; any use through the gateway is answered exactly like an unknown key and raises key.canary_tripped. Scopes are optional (a decoy may name some; they are never granted).',
      ),
    ...expiry,
  })
  .refine(oneExpiry, oneExpiryMessage)
  .refine((r) => r.canary || (r.scopes !== undefined && r.scopes.length > 0), {
    message: 'give at least one scope (only a canary key may have none)',
    path: ['scopes'],
  });
export type CreateKeyRequest = z.infer<typeof createKeyRequest>;

export const updateKeyRequest = z
  .strictObject({
    name: keyName,
    description: text().max(2000).nullable(),
    scopes: z.array(scopeText).min(1).max(100),
    allowed_paths: z.array(allowedPathText).max(100),
    allowed_ips: z.array(cidrText).max(100),
    rate_limit: rateLimit,
  })
  .partial()
  .refine((r) => Object.keys(r).length > 0, { message: 'nothing to change' });
export type UpdateKeyRequest = z.infer<typeof updateKeyRequest>;

export const rotateKeyRequest = z
  .strictObject({
    grace_seconds: z.number().int().min(0).max(MAX_GRACE_SECONDS).optional(),
    ...expiry,
  })
  .refine(oneExpiry, oneExpiryMessage);
export type RotateKeyRequest = z.infer<typeof rotateKeyRequest>;

export const revokeKeyRequest = z.strictObject({ reason: text().trim().min(1).max(500) });

export const listKeysQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: cursorParam(),
  /**
   * `expiring_soon`: active and expiring within seven days (what the view calls `expiring_soon`);
   * `dormant`: disabled as unused (the policy's dormant_after_days) until enabled again.
   */
  status: z.enum(['active', 'expiring_soon', 'revoked', 'expired', 'dormant']).optional(),
  /** Active keys that expire within this many days (not yet expired). */
  expiring_within_days: z.coerce.number().int().min(1).max(3650).optional(),
  environment: z.enum(['live', 'test']).optional(),
  q: text().max(200).optional(),
  /** `false`: hide canary keys; `true`: only them (ADR 0024). */
  canary: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type ListKeysQuery = z.infer<typeof listKeysQuery>;

/** The expiry a request asks for: a preset, a custom date, null (never), or undefined (unchanged / default). */
export function requestedExpiry(
  r: { expires_in_days?: number | undefined; expires_at?: string | null | undefined },
  now: Date,
): Date | null | undefined {
  if (r.expires_in_days !== undefined) return new Date(now.getTime() + r.expires_in_days * 86_400_000);
  if (r.expires_at === null) return null;
  if (r.expires_at !== undefined) return new Date(r.expires_at);
  return undefined;
}
