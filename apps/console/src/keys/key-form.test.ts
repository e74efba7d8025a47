import { describe, expect, it } from 'vitest';
import type { IssuancePolicy } from '../api/types';
import { allowedExpiry, buildKeyRequest, emptyKeyForm, expiryRequest } from './key-form';

const NOW = new Date('2026-12-01T12:00:00Z');
const OPEN_POLICY: IssuancePolicy = {
  max_key_lifetime_days: null,
  allow_never_expiring_keys: true,
  write_scopes_require_ip_allowlist: false,
  user_token_ttl_seconds: 43_200,
  service_token_ttl_seconds: 2_592_000,
  leak_action: 'revoke',
  dormant_after_days: null,
};

describe('buildKeyRequest', () => {
  it('builds the create request the API takes', () => {
    const result = buildKeyRequest(
      {
        ...emptyKeyForm(),
        name: '  CRM sync ',
        description: 'nightly',
        environment: 'test',
        scopes: ['leads:read', 'projects:read@prj_1'],
        expiry: { kind: 'preset', days: 7 },
        allowedPaths: '/v1/leads\n/v1/projects/*',
        allowedIps: '203.0.113.0/24, 2001:db8::/32',
        rateLimit: '600',
        rateWindowSeconds: '60',
      },
      'create',
      OPEN_POLICY,
      NOW,
    );
    expect(result).toEqual({
      body: {
        name: 'CRM sync',
        description: 'nightly',
        environment: 'test',
        scopes: ['leads:read', 'projects:read@prj_1'],
        allowed_paths: ['/v1/leads', '/v1/projects/*'],
        allowed_ips: ['203.0.113.0/24', '2001:db8::/32'],
        rate_limit: { limit: 600, window_seconds: 60 },
        expires_in_days: 7,
      },
    });
  });

  it('names every field a person must fix', () => {
    const result = buildKeyRequest(
      { ...emptyKeyForm(), name: ' ', allowedPaths: 'v1/leads', allowedIps: '300.1.1.1', rateLimit: '0' },
      'create',
      OPEN_POLICY,
      NOW,
    );
    expect(result).toEqual({
      errors: {
        name: expect.stringContaining('name'),
        scopes: expect.stringContaining('scope'),
        allowedPaths: expect.stringContaining('"v1/leads"'),
        allowedIps: expect.stringContaining('"300.1.1.1"'),
        rateLimit: expect.stringContaining('1 to 1,000,000'),
      },
    });
  });

  it('refuses an allowed path beyond the bounds identity enforces, naming the rule', () => {
    const result = buildKeyRequest(
      { ...emptyKeyForm(), name: 'k', scopes: ['*'], allowedPaths: '/v1/leads\n/v1/**/a/**' },
      'create',
      OPEN_POLICY,
      NOW,
    );
    expect(result).toEqual({
      errors: { allowedPaths: expect.stringMatching(/^"\/v1\/\*\*\/a\/\*\*" may hold at most one \*\*/) },
    });
  });

  it('sends description null and no expiry or environment when editing', () => {
    const result = buildKeyRequest({ ...emptyKeyForm(), name: 'k', scopes: ['*'] }, 'edit', OPEN_POLICY, NOW);
    expect(result).toEqual({
      body: {
        name: 'k',
        description: null,
        scopes: ['*'],
        allowed_paths: [],
        allowed_ips: [],
        rate_limit: { limit: 120, window_seconds: 60 },
      },
    });
  });

  it('asks for an IP allow-list on write keys when the policy requires one', () => {
    const policy = { ...OPEN_POLICY, write_scopes_require_ip_allowlist: true };
    const write = buildKeyRequest(
      { ...emptyKeyForm(), name: 'k', scopes: ['leads:write'] },
      'create',
      policy,
      NOW,
    );
    expect(write).toEqual({ errors: { allowedIps: expect.stringContaining('requires an IP allow-list') } });
    const read = buildKeyRequest(
      { ...emptyKeyForm(), name: 'k', scopes: ['leads:read'] },
      'create',
      policy,
      NOW,
    );
    expect(read).toHaveProperty('body');
  });
});

describe('expiry', () => {
  it('offers only the presets within the maximum lifetime, and never only without one', () => {
    expect(allowedExpiry({ ...OPEN_POLICY, max_key_lifetime_days: 60 })).toEqual({
      presets: [7, 30, 60],
      never: false,
      maxDays: 60,
    });
    expect(allowedExpiry({ ...OPEN_POLICY, allow_never_expiring_keys: false }).never).toBe(false);
    expect(allowedExpiry(OPEN_POLICY)).toEqual({ presets: [7, 30, 60, 90], never: true, maxDays: null });
  });

  it('turns a custom date into the end of that day and refuses past or too distant dates', () => {
    const ok = expiryRequest({ kind: 'custom', date: '2026-12-20' }, OPEN_POLICY, NOW);
    expect(ok).toEqual({ body: { expires_at: new Date('2026-12-20T23:59:59').toISOString() } });
    expect(expiryRequest({ kind: 'custom', date: '2026-11-30' }, OPEN_POLICY, NOW)).toEqual({
      error: expect.stringContaining('future'),
    });
    expect(expiryRequest({ kind: 'custom', date: '' }, OPEN_POLICY, NOW)).toEqual({
      error: expect.stringContaining('Pick'),
    });
    expect(
      expiryRequest(
        { kind: 'custom', date: '2027-06-01' },
        { ...OPEN_POLICY, max_key_lifetime_days: 30 },
        NOW,
      ),
    ).toEqual({
      error: expect.stringContaining('at most 30 days'),
    });
  });

  it('refuses never and long presets against the policy', () => {
    const strict = { ...OPEN_POLICY, max_key_lifetime_days: 30 };
    expect(expiryRequest({ kind: 'never' }, strict, NOW)).toEqual({
      error: expect.stringContaining('never expire'),
    });
    expect(expiryRequest({ kind: 'preset', days: 90 }, strict, NOW)).toEqual({
      error: expect.stringContaining('at most 30'),
    });
    expect(expiryRequest({ kind: 'never' }, OPEN_POLICY, NOW)).toEqual({ body: { expires_at: null } });
  });
});

describe('expiry defaults and the last allowed day', () => {
  it('defaults to 30 days, or the longest preset a stricter policy allows', () => {
    expect(emptyKeyForm(OPEN_POLICY).expiry).toEqual({ kind: 'preset', days: 30 });
    expect(emptyKeyForm({ ...OPEN_POLICY, max_key_lifetime_days: 14 }).expiry).toEqual({
      kind: 'preset',
      days: 7,
    });
    expect(emptyKeyForm({ ...OPEN_POLICY, max_key_lifetime_days: 3 }).expiry).toEqual({
      kind: 'custom',
      date: '',
    });
  });

  it('accepts the last day the policy allows, ending when the lifetime does', () => {
    const policy = { ...OPEN_POLICY, max_key_lifetime_days: 30 };
    const lastDay = new Date(NOW.getTime() + 30 * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const date = `${lastDay.getFullYear()}-${pad(lastDay.getMonth() + 1)}-${pad(lastDay.getDate())}`;
    const result = expiryRequest({ kind: 'custom', date }, policy, NOW);
    expect(result).toHaveProperty('body.expires_at');
    expect(Date.parse((result as { body: { expires_at: string } }).body.expires_at)).toBeLessThanOrEqual(
      lastDay.getTime(),
    );
  });
});
