import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { z } from 'zod';

/** An organisation's issuance policy; every rule is checked when a key is created or changed. */
export const issuancePolicySchema = z.strictObject({
  /** Longest key lifetime in days; null: no limit. */
  max_key_lifetime_days: z.number().int().min(1).max(3650).nullable().default(null),
  allow_never_expiring_keys: z.boolean().default(true),
  /** Keys with any write scope must have an IP allow-list. */
  write_scopes_require_ip_allowlist: z.boolean().default(false),
  /** Lifetime of user tokens for people (service users may have up to 365 days). */
  user_token_ttl_seconds: z
    .number()
    .int()
    .min(300)
    .max(30 * 86_400)
    .default(12 * 3600),
  service_token_ttl_seconds: z
    .number()
    .int()
    .min(300)
    .max(365 * 86_400)
    .default(30 * 86_400),
});
export type IssuancePolicy = z.infer<typeof issuancePolicySchema>;

export const DEFAULT_POLICY: IssuancePolicy = issuancePolicySchema.parse({});

export const OrganisationSchema = defineEntity({
  name: 'Organisation',
  tableName: 'organisations',
  properties: {
    id: p.string().primary(),
    name: p.string(),
    policy: p.json<Partial<IssuancePolicy>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Organisation = InferEntity<typeof OrganisationSchema>;

/** The stored policy with defaults for rules added after it was saved. */
export function policyOf(org: Organisation): IssuancePolicy {
  return { ...DEFAULT_POLICY, ...org.policy };
}
