import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { DEFAULT_POLICY, type IssuancePolicy } from '@latchkey/api-routes';

export const OrganisationSchema = defineEntity({
  name: 'Organisation',
  tableName: 'organisations',
  properties: {
    id: p.string().length(40).primary(),
    name: p.string().length(200),
    /** Only the rules an administrator set: policyOf fills in the defaults. */
    policy: p.json<Partial<IssuancePolicy>>().defaultRaw(`'{}'`),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
export type Organisation = InferEntity<typeof OrganisationSchema>;

/** The stored policy with defaults for rules added after it was saved. */
export function policyOf(org: Organisation): IssuancePolicy {
  return { ...DEFAULT_POLICY, ...org.policy };
}

/**
 * How long a user token issued now lives: the policy's lifetime for the user's kind, never beyond
 * the longest key lifetime when the policy sets one (a policy stored before that rule may hold a
 * longer lifetime: it is bounded here as well as refused when saved).
 */
export function userTokenTtlSeconds(policy: IssuancePolicy, kind: 'human' | 'service'): number {
  const ttl = kind === 'service' ? policy.service_token_ttl_seconds : policy.user_token_ttl_seconds;
  return policy.max_key_lifetime_days === null ? ttl : Math.min(ttl, policy.max_key_lifetime_days * 86_400);
}
