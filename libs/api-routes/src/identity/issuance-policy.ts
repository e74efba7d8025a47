import { z } from 'zod';

/** An organisation's issuance policy; every rule is checked when a key is created or changed. */
export const issuancePolicySchema = z.strictObject({
  /** Longest key lifetime in days; null: no limit. */
  max_key_lifetime_days: z.number().int().min(1).max(3650).nullable().default(null),
  allow_never_expiring_keys: z.boolean().default(true),
  /** Keys with any write scope must have an IP allow-list. */
  write_scopes_require_ip_allowlist: z.boolean().default(false),
  /**
   * Lifetime of user tokens for people. Neither it nor the service users' one may exceed
   * max_key_lifetime_days when that is set: no credential outlives the longest key.
   */
  user_token_ttl_seconds: z
    .number()
    .int()
    .min(300)
    .max(30 * 86_400)
    .default(12 * 3600),
  /**
   * Lifetime of service users' tokens (up to 365 days). A day by default: a leaked token is good
   * for a day, not a month, and a machine signs in again as easily.
   */
  service_token_ttl_seconds: z
    .number()
    .int()
    .min(300)
    .max(365 * 86_400)
    .default(86_400),
  /**
   * What a leak report of a live secret does (POST /security/leaks): revoke the key at once, or
   * quarantine it (reads only, every use flagged), or only record it (key.leaked).
   */
  leak_action: z.enum(['revoke', 'quarantine', 'report']).default('revoke'),
  /**
   * Keys unused (no request since their last use, or since creation) for this many days are
   * disabled as dormant until an owner or admin enables them; null: never. At least a week, so a
   * weekly job's key is not disabled between runs; at most ten years.
   */
  dormant_after_days: z.number().int().min(7).max(3650).nullable().default(null),
});
export type IssuancePolicy = z.infer<typeof issuancePolicySchema>;

export const DEFAULT_POLICY: IssuancePolicy = issuancePolicySchema.parse({});
