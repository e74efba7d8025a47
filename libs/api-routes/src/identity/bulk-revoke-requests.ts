import { z } from 'zod';
import { IdPrefix, idSchema, isoDateTime, text } from '@latchkey/contracts';
import { cidrText, scopeText } from './key-requests';

/** The most keys one plan may hold: beyond it, narrow the filter (or run several plans). */
export const MAX_PLAN_KEYS = 1000;

/** How long a dry run's plan may be executed: long enough to read it, short enough to stay true. */
export const PLAN_LIFETIME_SECONDS = 900;

/**
 * Which keys a bulk revocation names (ADR 0025): the keys list's filters plus those that find a
 * blast radius. Every criterion narrows (AND); revoked and deleted keys never match. At least one
 * criterion: an empty filter would name every key of the organisation by accident.
 */
export const keyRevocationFilter = z
  .strictObject({
    /** Exactly these keys (the console's selection). */
    ids: z.array(idSchema(IdPrefix.ApiKey)).min(1).max(MAX_PLAN_KEYS),
    status: z.enum(['active', 'expiring_soon', 'expired']),
    environment: z.enum(['live', 'test']),
    /** In the name or the prefix, as in the keys list. */
    q: text().max(200),
    /** The user (or key) that created the key. */
    created_by: text().min(1).max(64),
    /** Keys that grant this scope: hold it, or a wildcard over it. */
    scope: scopeText,
    /** The start of the key's shown prefix, e.g. `lk_live_Ab3`. */
    prefix: text().min(4).max(16),
    /** Keys a request came from this address, or from within this CIDR block (as identity recorded). */
    last_used_from: cidrText,
    created_before: isoDateTime(),
    created_after: isoDateTime(),
    /** Not used since this instant (or never used). */
    unused_since: isoDateTime(),
  })
  .partial()
  .refine((f) => Object.keys(f).length > 0, {
    message: 'give at least one criterion: an empty filter would name every key',
  });
export type KeyRevocationFilter = z.infer<typeof keyRevocationFilter>;

/**
 * `POST /admin/keys/bulk-revoke`: a dry run (filter and reason → a plan naming the keys), or the
 * execution of a plan. Nothing is revoked without a plan: what is confirmed is what is revoked.
 */
export const bulkRevokeRequest = z.union([
  z.strictObject({
    dry_run: z.literal(true),
    filter: keyRevocationFilter,
    reason: text().trim().min(1).max(500),
  }),
  z.strictObject({ plan_id: idSchema(IdPrefix.RevocationPlan) }),
]);
export type BulkRevokeRequest = z.infer<typeof bulkRevokeRequest>;
