import { ProblemException } from '@latchkey/runtime';
import { enforceTokenLifetimes } from './issuance-policy';
import { DEFAULT_POLICY, issuancePolicySchema } from '@latchkey/api-routes';
import { userTokenTtlSeconds } from './organisation.entity';

describe('user and service token lifetimes under the issuance policy', () => {
  it('service users get a day by default, people twelve hours', () => {
    expect(userTokenTtlSeconds(DEFAULT_POLICY, 'service')).toBe(86_400);
    expect(userTokenTtlSeconds(DEFAULT_POLICY, 'human')).toBe(12 * 3600);
  });

  it('no token outlives the longest key lifetime, even under a policy stored before the rule', () => {
    const stored = { ...DEFAULT_POLICY, max_key_lifetime_days: 2, service_token_ttl_seconds: 365 * 86_400 };
    expect(userTokenTtlSeconds(stored, 'service')).toBe(2 * 86_400);
    expect(userTokenTtlSeconds({ ...stored, user_token_ttl_seconds: 30 * 86_400 }, 'human')).toBe(2 * 86_400);
    expect(userTokenTtlSeconds({ ...stored, max_key_lifetime_days: null }, 'service')).toBe(365 * 86_400);
  });

  it('a policy whose token lifetimes exceed its longest key lifetime is refused, naming the rule', () => {
    const rule = (body: Record<string, unknown>) => {
      try {
        enforceTokenLifetimes(issuancePolicySchema.parse(body));
        return undefined;
      } catch (error) {
        return error instanceof ProblemException ? error.extensions['rule'] : error;
      }
    };
    expect(rule({ max_key_lifetime_days: 1, service_token_ttl_seconds: 7 * 86_400 })).toBe(
      'service_token_ttl_seconds',
    );
    expect(rule({ max_key_lifetime_days: 1, user_token_ttl_seconds: 2 * 86_400 })).toBe(
      'user_token_ttl_seconds',
    );
    expect(rule({ max_key_lifetime_days: 1 })).toBeUndefined();
    expect(rule({ service_token_ttl_seconds: 365 * 86_400 })).toBeUndefined();
  });
});
