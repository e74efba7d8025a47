import { RouteMatcher } from '@latchkey/auth-core';
import { type KeySnapshot } from '@latchkey/contracts';
import { API_ROUTES } from '@latchkey/api-routes';
import { accessTokenSecretHolds, checkQuarantine, checkScope, errorCodeFor, type KeyGrants } from './decide';

const matcher = new RouteMatcher(API_ROUTES);
const allowed = (scopes: string[], method: string, path: string): boolean => {
  const match = matcher.match(method, path);
  if (!match) throw new Error(`no route for ${method} ${path}`);
  return checkScope(scopes, match).ok;
};

describe('checkScope', () => {
  it('allows a plain grant on every instance and refuses another resource or action', () => {
    expect(allowed(['leads:read'], 'GET', '/v1/leads')).toBe(true);
    expect(allowed(['leads:read'], 'GET', '/v1/leads/led_1')).toBe(true);
    expect(allowed(['leads:read'], 'POST', '/v1/leads')).toBe(false);
    expect(allowed(['leads:*'], 'POST', '/v1/leads')).toBe(true);
    expect(allowed(['leads:read'], 'GET', '/v1/invoices')).toBe(false);
    expect(allowed(['*'], 'GET', '/audit/events')).toBe(true);
  });

  it('an instance-bound grant reaches only the instance the route names', () => {
    expect(allowed(['projects:read@prj_1'], 'GET', '/v1/projects/prj_1')).toBe(true);
    expect(allowed(['projects:read@prj_1'], 'GET', '/v1/projects/prj_2')).toBe(false);
    expect(allowed(['webhooks:write@whc_1'], 'POST', '/v1/webhooks/whc_1/events')).toBe(true);
    expect(allowed(['webhooks:write@whc_1'], 'POST', '/v1/webhooks/whc_2/events')).toBe(false);
  });

  it('a project-bound grant passes where data-api narrows rows to that project', () => {
    // data-api lists and reads only prj_1's leads for this principal.
    expect(allowed(['leads:read@prj_1'], 'GET', '/v1/leads')).toBe(true);
    expect(allowed(['leads:read@prj_1'], 'GET', '/v1/leads/led_9')).toBe(true);
    expect(allowed(['transactions:read@prj_1'], 'GET', '/v1/transactions')).toBe(true);
    expect(allowed(['leads:read@prj_1'], 'POST', '/v1/leads')).toBe(false);
    // The project list is narrowed too; one project by id only with its own grant (above).
    expect(allowed(['projects:read@prj_1'], 'GET', '/v1/projects')).toBe(true);
  });

  it('a project-bound grant never reaches routes that are not narrowed by project', () => {
    // Neither audit nor webhook ingestion narrows by project: a binding there must not widen to all.
    expect(allowed(['audit:read@prj_1'], 'GET', '/audit/events')).toBe(false);
    expect(allowed(['audit:read@prj_1'], 'GET', '/audit/events/export')).toBe(false);
    expect(allowed(['webhooks:write@prj_1'], 'POST', '/v1/webhooks/whc_1/events')).toBe(false);
  });
});

describe('accessTokenSecretHolds', () => {
  const NOW = 1_800_000_000_000;
  const snapshot = (secrets?: KeySnapshot['secrets']): KeySnapshot => ({
    key_id: 'key_1',
    org_id: 'org_1',
    public_id: 'lk_pub_1',
    status: 'active',
    environment: 'live',
    scopes: ['projects:read'],
    allowed_paths: [],
    allowed_ips: [],
    rate_limit: { limit: 120, window_seconds: 60 },
    expires_at: null,
    secret_valid_until: null,
    ...(secrets === undefined ? {} : { secrets }),
  });
  const current = { id: 'sec_new', created_at: NOW - 10_000, valid_until: null };

  it('a token of a regenerated-away secret is refused: its secret is no longer among the valid ones', () => {
    expect(accessTokenSecretHolds(snapshot([current]), 'sec_old', NOW - 60_000, NOW)).toBe(false);
    expect(accessTokenSecretHolds(snapshot([current]), 'sec_new', NOW - 5_000, NOW)).toBe(true);
  });

  it('a token of a rotated-away secret holds until the grace end, not a millisecond after', () => {
    const old = { id: 'sec_old', created_at: NOW - 86_400_000, valid_until: NOW + 3000 };
    expect(accessTokenSecretHolds(snapshot([current, old]), 'sec_old', NOW - 60_000, NOW)).toBe(true);
    expect(accessTokenSecretHolds(snapshot([current, old]), 'sec_old', NOW - 60_000, NOW + 2999)).toBe(true);
    expect(accessTokenSecretHolds(snapshot([current, old]), 'sec_old', NOW - 60_000, NOW + 3000)).toBe(false);
  });

  it('a token from before `sid` holds while a secret that existed when it was issued does', () => {
    const issuedAt = NOW - 60_000;
    const old = { id: 'sec_old', created_at: NOW - 86_400_000, valid_until: NOW + 3000 };
    // Regenerated since: the only valid secret is younger than the token.
    expect(accessTokenSecretHolds(snapshot([current]), undefined, issuedAt, NOW)).toBe(false);
    // Rotated with a grace window: until its end.
    expect(accessTokenSecretHolds(snapshot([current, old]), undefined, issuedAt, NOW)).toBe(true);
    expect(accessTokenSecretHolds(snapshot([current, old]), undefined, issuedAt, NOW + 3000)).toBe(false);
    // Never rotated: the current secret is older than the token (same second counts as before).
    const made = { id: 'sec_1', created_at: issuedAt + 400, valid_until: null };
    expect(accessTokenSecretHolds(snapshot([made]), undefined, issuedAt, NOW)).toBe(true);
  });

  it('an answer of an identity that predates secret lists leaves the decision to the key state', () => {
    expect(accessTokenSecretHolds(snapshot(), 'sec_any', NOW - 60_000, NOW)).toBe(true);
  });
});

describe('checkQuarantine', () => {
  const key = (quarantined?: boolean): KeyGrants => ({
    snapshot: {
      status: 'active',
      expires_at: null,
      secret_valid_until: null,
      public_id: 'lk_pub_1',
      scopes: ['*'],
      ...(quarantined === undefined ? {} : { quarantined }),
    },
    ipAllowList: { allows: () => true },
    allowedPaths: [],
  });

  it('a key quarantined after a leak may read (GET, HEAD) and nothing else: key_quarantined', () => {
    expect(checkQuarantine(key(true), 'GET').ok).toBe(true);
    expect(checkQuarantine(key(true), 'HEAD').ok).toBe(true);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      expect(checkQuarantine(key(true), method)).toEqual({ ok: false, reason: 'key_quarantined' });
    }
    expect(errorCodeFor('key_quarantined', false)).toBe('key_quarantined');
  });

  it('a key that is not quarantined (or from an identity that predates it) writes as before', () => {
    expect(checkQuarantine(key(false), 'POST').ok).toBe(true);
    expect(checkQuarantine(key(), 'DELETE').ok).toBe(true);
  });
});
