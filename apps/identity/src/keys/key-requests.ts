import { isIP } from 'node:net';
import { z } from 'zod';
import { KNOWN_SCOPES } from '@latchkey/contracts';
import { parseScope } from '@latchkey/auth-core';

const knownResources = new Set(KNOWN_SCOPES.map((s) => s.split(':')[0]));

const scope = z
  .string()
  .max(200)
  .refine((text) => {
    const parsed = parseScope(text);
    return parsed !== undefined && (parsed.resource === '*' || knownResources.has(parsed.resource));
  }, 'not a known scope (resource:action, resource:*, * or resource:action@instance)');

const cidr = z.string().refine((text) => {
  const [address, bits, ...rest] = text.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}, 'not an IP address or CIDR block');

const allowedPath = z.string().max(500).regex(/^\/[A-Za-z0-9._~\-/*:@]*$/, 'must be an absolute path glob');

export const EXPIRY_PRESETS_DAYS = [7, 30, 60, 90] as const;

export const createKeyRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    environment: z.enum(['live', 'test']).default('live'),
    scopes: z.array(scope).min(1).max(100),
    allowed_paths: z.array(allowedPath).max(100).default([]),
    allowed_ips: z.array(cidr).max(100).default([]),
    rate_limit: z
      .strictObject({
        limit: z.number().int().min(1).max(1_000_000),
        window_seconds: z.number().int().min(1).max(86_400),
      })
      .optional(),
    expires_in_days: z.union(EXPIRY_PRESETS_DAYS.map((d) => z.literal(d))).optional(),
    expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .refine((r) => !(r.expires_in_days !== undefined && r.expires_at != null), {
    message: 'give either expires_in_days or expires_at, not both',
    path: ['expires_at'],
  });

export type CreateKeyRequest = z.infer<typeof createKeyRequest>;

export const listKeysQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  status: z.enum(['active', 'revoked', 'expired']).optional(),
});
