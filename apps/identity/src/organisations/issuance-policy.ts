import { ErrorCode } from '@latchkey/contracts';
import { parseScope } from '@latchkey/auth-core';
import { ProblemException } from '@latchkey/runtime';
import type { IssuancePolicy } from '@latchkey/api-routes';

/** A key's settings as far as the organisation's issuance policy cares. */
export interface PolicySubject {
  scopes: string[];
  allowedIps: string[];
  expiresAt: Date | null;
}

/** Refuses a key that breaks a rule of the policy, naming the rule (400 invalid_request). */
export function enforcePolicy(policy: IssuancePolicy, key: PolicySubject, now: Date): void {
  if (key.expiresAt === null && !policy.allow_never_expiring_keys) {
    violation('allow_never_expiring_keys', 'this organisation does not allow keys that never expire');
  }
  if (policy.max_key_lifetime_days !== null) {
    const limit = now.getTime() + policy.max_key_lifetime_days * 86_400_000;
    if (key.expiresAt === null || key.expiresAt.getTime() > limit + 60_000) {
      violation('max_key_lifetime_days', `keys may live at most ${policy.max_key_lifetime_days} days`);
    }
  }
  if (policy.write_scopes_require_ip_allowlist && key.allowedIps.length === 0 && hasWriteScope(key.scopes)) {
    violation(
      'write_scopes_require_ip_allowlist',
      'keys with write scopes need an IP allow-list (allowed_ips)',
    );
  }
}

/**
 * Refuses a policy whose token lifetimes exceed its longest key lifetime (400 naming the rule):
 * a user or service token is a credential too, and no credential outlives the longest key.
 */
export function enforceTokenLifetimes(policy: IssuancePolicy): void {
  if (policy.max_key_lifetime_days === null) return;
  const limit = policy.max_key_lifetime_days * 86_400;
  for (const rule of ['user_token_ttl_seconds', 'service_token_ttl_seconds'] as const) {
    if (policy[rule] > limit) {
      violation(
        rule,
        `tokens may not outlive max_key_lifetime_days (${policy.max_key_lifetime_days} days = ${limit} s)`,
      );
    }
  }
}

function hasWriteScope(scopes: string[]): boolean {
  return scopes.some((text) => {
    const scope = parseScope(text);
    return scope !== undefined && (scope.action === 'write' || scope.action === '*');
  });
}

function violation(rule: string, message: string): never {
  throw new ProblemException(ErrorCode.InvalidRequest, `policy ${rule}: ${message}`, { rule });
}
