import fc from 'fast-check';
import { IpAllowList, PathGlob, parseScope, RouteMatcher, type RouteMatch } from '@latchkey/auth-core';
import type { ApiRoute } from '@latchkey/contracts';
import { API_ROUTES } from '@latchkey/api-routes';
import { ErrorCode } from '@latchkey/contracts';
import {
  accessTokenHolds,
  authorizeKey,
  checkKeyConstraints,
  checkKeyState,
  errorCodeFor,
  type KeyGrants,
} from './decide';

const matcher = new RouteMatcher(API_ROUTES);
const NOW = 1_800_000_000_000;

/** A concrete path for a route: its instance parameter filled with `instance`, others with `x1`. */
function pathOf(route: ApiRoute, instance: string): string {
  return route.path.replace(/:([a-z_]+)/g, (_m, name: string) =>
    name === route.instanceParam ? instance : 'x1',
  );
}

function matchOf(route: ApiRoute, instance = 'x1'): { match: RouteMatch; path: string } {
  const path = pathOf(route, instance);
  const match = matcher.match(route.method, path);
  if (!match) throw new Error(`no route for ${route.method} ${path}`);
  return { match, path };
}

function grants(
  overrides: Partial<KeyGrants['snapshot']> = {},
  constraints: { ips?: string[]; paths?: string[] } = {},
): KeyGrants {
  return {
    snapshot: {
      status: 'active',
      expires_at: null,
      secret_valid_until: null,
      public_id: 'pk_1',
      scopes: ['*'],
      ...overrides,
    },
    ipAllowList: new IpAllowList(constraints.ips ?? []),
    allowedPaths: (constraints.paths ?? []).map((glob) => PathGlob.compile(glob)),
  };
}

const leads = matchOf(API_ROUTES.find((r) => r.method === 'GET' && r.path === '/v1/leads') as ApiRoute);

describe('authorizeKey (unit)', () => {
  it('allows a usable key with the scope, from an allowed address, on an allowed path', () => {
    const key = grants({ scopes: ['leads:read'] }, { ips: ['10.0.0.0/8'], paths: ['/v1/leads'] });
    expect(authorizeKey(key, leads.match, leads.path, '10.1.2.3', NOW)).toEqual({ ok: true });
  });

  it('names the first reason a key fails, state before constraints', () => {
    const revokedElsewhere = grants({ status: 'revoked', scopes: [] }, { ips: ['10.0.0.1'] });
    expect(authorizeKey(revokedElsewhere, leads.match, leads.path, '192.0.2.1', NOW)).toEqual({
      ok: false,
      reason: 'revoked',
    });
    const key = grants({ scopes: ['invoices:read'] }, { ips: ['10.0.0.1'], paths: ['/v1/invoices/*'] });
    expect(authorizeKey(key, leads.match, leads.path, '192.0.2.1', NOW)).toEqual({
      ok: false,
      reason: 'ip_not_allowed',
    });
    expect(authorizeKey(key, leads.match, leads.path, '10.0.0.1', NOW)).toEqual({
      ok: false,
      reason: 'path_not_allowed',
    });
    const anyPath = grants({ scopes: ['invoices:read'] });
    expect(authorizeKey(anyPath, leads.match, leads.path, '10.0.0.1', NOW)).toEqual({
      ok: false,
      reason: 'insufficient_scope',
    });
  });

  it('refuses a pair whose public id is not the key’s, and a secret past its grace end', () => {
    expect(checkKeyState(grants(), NOW, 'pk_other')).toEqual({ ok: false, reason: 'public_id_mismatch' });
    expect(checkKeyState(grants(), NOW, 'pk_1')).toEqual({ ok: true });
    expect(checkKeyState(grants({ secret_valid_until: NOW }), NOW)).toEqual({ ok: false, reason: 'expired' });
    expect(checkKeyState(grants({ secret_valid_until: NOW + 1 }), NOW)).toEqual({ ok: true });
  });

  it('an empty allow-list and no allowed paths restrict nothing', () => {
    expect(checkKeyConstraints(grants(), leads.match, leads.path, '203.0.113.9')).toEqual({ ok: true });
  });
});

// Generators ---------------------------------------------------------------------------------

const RESOURCES = [...new Set(API_ROUTES.map((r) => (parseScope(r.scope) ?? { resource: '?' }).resource))];
const ACTIONS = ['read', 'write', '*'];
const route = fc.constantFrom(...API_ROUTES);
/** Instance ids of no project: a project-bound grant never comes into play. */
const instance = fc.stringMatching(/^[a-z]{3}_[A-Za-z0-9]{1,8}$/).filter((id) => !id.startsWith('prj_'));
const ipv4 = fc.ipV4();

/** Scopes that do not reach `required`: another resource, or the same one with another action. */
function scopesNotGranting(required: string): fc.Arbitrary<string[]> {
  const need = parseScope(required);
  if (!need) throw new Error(`unparseable scope ${required}`);
  const other = fc
    .tuple(
      fc.constantFrom(...RESOURCES),
      fc.constantFrom(...ACTIONS),
      fc.option(instance, { nil: undefined }),
    )
    .filter(([resource, action]) => resource !== need.resource || (action !== need.action && action !== '*'))
    .map(([resource, action, at]) => `${resource}:${action}${at === undefined ? '' : `@${at}`}`);
  return fc.array(other, { maxLength: 6 });
}

/** Any allow-list and allowed paths, as their answers: whatever they say. */
const constraints = fc.record({ ipAllowed: fc.boolean(), pathAllowed: fc.boolean(), anyPaths: fc.boolean() });
function withConstraints(
  snapshot: KeyGrants['snapshot'],
  c: { ipAllowed: boolean; pathAllowed: boolean; anyPaths: boolean },
): KeyGrants {
  return {
    snapshot,
    ipAllowList: { allows: () => c.ipAllowed },
    allowedPaths: c.anyPaths ? [] : [{ matches: () => c.pathAllowed }],
  };
}

describe('authorizeKey (properties)', () => {
  it('a key without the route’s scope is never allowed, whatever its paths, addresses and time', () => {
    fc.assert(
      fc.property(
        route.chain((r) => fc.tuple(fc.constant(r), scopesNotGranting(r.scope))),
        instance,
        constraints,
        ipv4,
        fc.integer({ min: 0, max: 2 ** 42 }),
        ([r, scopes], id, c, ip, now) => {
          const { match, path } = matchOf(r, id);
          const key = withConstraints(
            { status: 'active', expires_at: null, secret_valid_until: null, public_id: 'pk_1', scopes },
            c,
          );
          expect(authorizeKey(key, match, path, ip, now).ok).toBe(false);
        },
      ),
    );
  });

  it('an expired key is denied as expired at every time from its expiry on, whatever it grants', () => {
    fc.assert(
      fc.property(
        route,
        instance,
        constraints,
        fc.integer({ min: 0, max: 2 ** 42 }),
        // The very instant of expiry, just after it, and long after it.
        fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 2 ** 40 })),
        fc.constantFrom<KeyGrants['snapshot']['status']>('active', 'expired'),
        fc.boolean(),
        (r, id, c, expiresAt, after, s, bySecret) => {
          const { match, path } = matchOf(r, id);
          const key = withConstraints(
            {
              status: s,
              // The key's own expiry, or its secret's grace end after a rotation: the same refusal.
              expires_at: bySecret ? null : expiresAt,
              secret_valid_until: bySecret ? expiresAt : null,
              public_id: 'pk_1',
              scopes: ['*'],
            },
            c,
          );
          expect(authorizeKey(key, match, path, '10.0.0.1', expiresAt + after)).toEqual({
            ok: false,
            reason: 'expired',
          });
        },
      ),
    );
  });

  it('a revoked key is denied as revoked, whatever its expiry, grants, address or time', () => {
    fc.assert(
      fc.property(
        route,
        constraints,
        fc.option(fc.integer({ min: 0, max: 2 ** 42 }), { nil: null }),
        fc.integer({ min: 0, max: 2 ** 42 }),
        (r, c, expiresAt, now) => {
          const { match, path } = matchOf(r);
          const key = withConstraints(
            {
              status: 'revoked',
              expires_at: expiresAt,
              secret_valid_until: null,
              public_id: 'pk_1',
              scopes: ['*'],
            },
            c,
          );
          expect(authorizeKey(key, match, path, '10.0.0.1', now)).toEqual({ ok: false, reason: 'revoked' });
        },
      ),
    );
  });

  it('a pair presented with another public id is never allowed', () => {
    fc.assert(
      fc.property(route, constraints, fc.string({ minLength: 1 }), (r, c, publicId) => {
        fc.pre(publicId !== 'pk_1');
        const { match, path } = matchOf(r);
        const key = withConstraints(
          { status: 'active', expires_at: null, secret_valid_until: null, public_id: 'pk_1', scopes: ['*'] },
          c,
        );
        expect(authorizeKey(key, match, path, '10.0.0.1', NOW, publicId).ok).toBe(false);
      }),
    );
  });

  it('a client address outside the allow-list is never allowed, whatever the key grants', () => {
    fc.assert(
      fc.property(route, instance, ipv4, ipv4, (r, id, allowed, client) => {
        fc.pre(allowed !== client);
        const { match, path } = matchOf(r, id);
        const key = grants({ scopes: ['*'] }, { ips: [allowed] });
        expect(authorizeKey(key, match, path, client, NOW)).toEqual({ ok: false, reason: 'ip_not_allowed' });
        expect(authorizeKey(key, match, path, allowed, NOW)).toEqual({ ok: true });
      }),
    );
  });

  it('an instance-bound grant never reaches another instance of the route', () => {
    const bound = API_ROUTES.filter((r) => r.instanceParam !== undefined);
    fc.assert(
      fc.property(fc.constantFrom(...bound), instance, instance, (r, granted, asked) => {
        fc.pre(granted !== asked);
        const { match, path } = matchOf(r, asked);
        const key = grants({ scopes: [`${r.scope}@${granted}`] });
        expect(authorizeKey(key, match, path, '10.0.0.1', NOW)).toEqual({
          ok: false,
          reason: 'insufficient_scope',
        });
        const own = matchOf(r, granted);
        expect(authorizeKey(key, own.match, own.path, '10.0.0.1', NOW)).toEqual({ ok: true });
      }),
    );
  });

  it('a usable, unrestricted key with the route’s own scope is allowed on every route before its expiry', () => {
    fc.assert(
      fc.property(route, instance, ipv4, fc.integer({ min: 1, max: 2 ** 40 }), (r, id, ip, left) => {
        const { match, path } = matchOf(r, id);
        const key = grants({ scopes: [r.scope], expires_at: NOW + left });
        expect(authorizeKey(key, match, path, ip, NOW)).toEqual({ ok: true });
      }),
    );
  });
});

describe('accessTokenHolds', () => {
  const withSecrets = (snapshot: Partial<KeyGrants['snapshot']>, validUntil: number | null) => ({
    ...grants(snapshot),
    snapshot: {
      ...grants(snapshot).snapshot,
      secrets: [{ id: 'sec_1', created_at: NOW - 60_000, valid_until: validUntil }],
    },
  });

  it('holds for a usable key whose secret has not ended, and is invalid_token otherwise', () => {
    expect(accessTokenHolds(withSecrets({}, null), 'sec_1', NOW - 1000, NOW)).toEqual({ ok: true });
    expect(accessTokenHolds(withSecrets({}, NOW), 'sec_1', NOW - 1000, NOW)).toEqual({
      ok: false,
      reason: 'invalid_token',
    });
    expect(accessTokenHolds(withSecrets({}, null), 'sec_other', NOW - 1000, NOW)).toEqual({
      ok: false,
      reason: 'invalid_token',
    });
  });

  it('never holds for a key that is not usable at the time, whatever its secrets', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'revoked' | 'expired' | 'dormant' | 'expiry'>(
          'revoked',
          'expired',
          'dormant',
          'expiry',
        ),
        fc.option(fc.integer({ min: 0, max: 2 ** 42 }), { nil: null }),
        fc.option(fc.constantFrom('sec_1', 'sec_2'), { nil: undefined }),
        fc.integer({ min: 0, max: 2 ** 42 }),
        fc.nat(2 ** 30),
        (why, validUntil, secretId, issuedAt, after) => {
          const key = withSecrets(why === 'expiry' ? { expires_at: NOW } : { status: why }, validUntil);
          expect(accessTokenHolds(key, secretId, issuedAt, NOW + after)).toEqual({
            ok: false,
            reason: 'invalid_token',
          });
        },
      ),
    );
  });
});

describe('errorCodeFor', () => {
  it('unknown, malformed, expired and revoked keys get one and the same code: the answer tells them apart no more than the audit', () => {
    const keyReasons = [
      'no_credential',
      'malformed',
      'bad_checksum',
      'in_query',
      'unknown_key',
      'expired',
      'revoked',
      'public_id_mismatch',
    ] as const;
    for (const reason of keyReasons) expect(errorCodeFor(reason, false)).toBe(ErrorCode.InvalidApiKey);
    expect(errorCodeFor('invalid_token', true)).toBe(ErrorCode.InvalidToken);
    expect(errorCodeFor('invalid_token', false)).toBe(ErrorCode.InvalidApiKey);
  });
});

describe('dormant keys (ADR 0022)', () => {
  it('a dormant key is refused as dormant, with key_dormant (403), whatever its grants, address or time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...API_ROUTES.filter((r) => r.scope !== undefined)),
        fc.option(fc.integer({ min: NOW + 1, max: NOW + 2 ** 40 }), { nil: null }),
        fc.nat(2 ** 30),
        (route, expiresAt, after) => {
          const { match, path } = matchOf(route);
          const key = grants({ status: 'dormant', scopes: ['*'], expires_at: expiresAt });
          const now = expiresAt === null ? NOW + after : Math.min(NOW + after, expiresAt - 1);
          expect(authorizeKey(key, match, path, '10.0.0.1', now)).toEqual({ ok: false, reason: 'dormant' });
        },
      ),
    );
    expect(errorCodeFor('dormant', false)).toBe(ErrorCode.KeyDormant);
  });

  it('a dormant key past its expiry is expired: expiry wins', () => {
    expect(checkKeyState(grants({ status: 'dormant', expires_at: NOW }), NOW)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });
});
