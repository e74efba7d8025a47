import fc from 'fast-check';
import { anyScopeAllows, IpAllowList } from '@latchkey/auth-core';
import { globOverlapsTemplate, recommend, type Exercised, type Grants } from './recommendation';

const ROUTES = [
  { label: 'GET /v1/projects', scope: 'projects:read' },
  { label: 'GET /v1/projects/:id', scope: 'projects:read' },
  { label: 'POST /v1/leads', scope: 'leads:write' },
  { label: 'GET /v1/leads', scope: 'leads:read' },
  { label: 'GET /v1/invoices', scope: 'invoices:read' },
  { label: 'POST /v1/webhooks/:connection_id/events', scope: 'webhooks:write' },
];
const SCOPES = [
  'projects:read',
  'leads:read',
  'leads:write',
  'leads:*',
  'invoices:read',
  'webhooks:write',
  '*',
];
const PATHS = ['/v1/projects', '/v1/projects/*', '/v1/leads', '/v1/webhooks/whc_1/*', '/v1/invoices/**'];
const IPS = ['203.0.113.0/24', '198.51.100.7', '10.0.0.0/8', '2001:db8::/32'];
const SEEN = ['203.0.113.9', '198.51.100.7', '10.1.2.3', '192.0.2.1'];

const grantsArb: fc.Arbitrary<Grants> = fc.record({
  scopes: fc.uniqueArray(fc.constantFrom(...SCOPES), { minLength: 1 }),
  allowed_paths: fc.uniqueArray(fc.constantFrom(...PATHS)),
  allowed_ips: fc.uniqueArray(fc.constantFrom(...IPS)),
  rate_limit: fc.record({
    limit: fc.integer({ min: 1, max: 10_000 }),
    window_seconds: fc.constantFrom(1, 60, 3600),
  }),
});
const exercisedArb: fc.Arbitrary<Exercised> = fc.record({
  routes: fc.uniqueArray(fc.constantFrom(...ROUTES)),
  ips: fc.uniqueArray(fc.constantFrom(...SEEN)),
  peakPerMinute: fc.integer({ min: 1, max: 5000 }),
  requests: fc.integer({ min: 1, max: 100_000 }),
});

describe('least privilege: the recommendation', () => {
  it('never recommends removing something exercised, and the proposal never widens the key', () => {
    fc.assert(
      fc.property(grantsArb, exercisedArb, (grants, exercised) => {
        const { proposed, unused_scopes, unmatched_paths, unseen_ips } = recommend(grants, exercised);
        const scopes = proposed.scopes ?? grants.scopes;
        // Every exercised route the key could call, it still can.
        for (const route of exercised.routes)
          if (route.scope && anyScopeAllows(grants.scopes, route.scope))
            expect(anyScopeAllows(scopes, route.scope)).toBe(true);
        for (const scope of unused_scopes) expect(grants.scopes).toContain(scope);
        // Every exercised address still passes.
        const ips = proposed.allowed_ips ?? grants.allowed_ips;
        for (const ip of exercised.ips)
          if (new IpAllowList(grants.allowed_ips).allows(ip))
            expect(new IpAllowList(ips).allows(ip)).toBe(true);
        for (const ip of unseen_ips) expect(grants.allowed_ips).toContain(ip);
        // Every pattern a used route could match stays.
        const paths = proposed.allowed_paths ?? grants.allowed_paths;
        for (const glob of grants.allowed_paths)
          if (exercised.routes.some((r) => globOverlapsTemplate(glob, r.label.split(' ')[1] as string)))
            expect(paths).toContain(glob);
        for (const glob of unmatched_paths) expect(grants.allowed_paths).toContain(glob);
        // Never widens: lists are never emptied, a key keeps a scope, a limit only goes down.
        expect(scopes.length).toBeGreaterThan(0);
        if (grants.allowed_paths.length > 0) expect(paths.length).toBeGreaterThan(0);
        if (grants.allowed_ips.length > 0) expect(ips.length).toBeGreaterThan(0);
        if (proposed.rate_limit) {
          expect(proposed.rate_limit.limit).toBeLessThan(grants.rate_limit.limit);
          expect(proposed.rate_limit.window_seconds).toBe(grants.rate_limit.window_seconds);
        }
      }),
    );
  });

  it('removes the scope a key never used and keeps the one it used', () => {
    const r = recommend(
      {
        scopes: ['projects:read', 'leads:read'],
        allowed_paths: [],
        allowed_ips: [],
        rate_limit: { limit: 120, window_seconds: 60 },
      },
      { routes: [ROUTES[0]!], ips: ['203.0.113.9'], peakPerMinute: 3, requests: 5 },
    );
    expect(r.unused_scopes).toEqual(['leads:read']);
    expect(r.proposed).toEqual({ scopes: ['projects:read'], rate_limit: { limit: 10, window_seconds: 60 } });
  });

  it('suggests the observed peak with headroom, and nothing for a key with no observed use', () => {
    const grants: Grants = {
      scopes: ['projects:read', 'leads:read'],
      allowed_paths: ['/v1/projects', '/v1/leads'],
      allowed_ips: ['203.0.113.0/24', '10.0.0.0/8'],
      rate_limit: { limit: 1000, window_seconds: 60 },
    };
    const r = recommend(grants, {
      routes: [ROUTES[0]!],
      ips: ['203.0.113.9'],
      peakPerMinute: 40,
      requests: 200,
    });
    expect(r.rate_limit).toEqual({
      current: { limit: 1000, window_seconds: 60 },
      observed_peak: 40,
      suggested: { limit: 80, window_seconds: 60 },
    });
    expect(r.proposed.allowed_paths).toEqual(['/v1/projects']);
    expect(r.proposed.allowed_ips).toEqual(['203.0.113.0/24']);
    const idle = recommend(grants, { routes: [], ips: [], peakPerMinute: 0, requests: 0 });
    expect(idle.proposed).toEqual({});
    expect(idle.unused_scopes).toEqual([]);
  });

  it('a glob is matched by a template where a parameter can take any value; ** is never judged unused', () => {
    expect(globOverlapsTemplate('/v1/webhooks/whc_1/*', '/v1/webhooks/:connection_id/events')).toBe(true);
    expect(globOverlapsTemplate('/v1/projects/*', '/v1/projects/:id')).toBe(true);
    expect(globOverlapsTemplate('/v1/projects', '/v1/leads')).toBe(false);
    expect(globOverlapsTemplate('/v1/projects/*', '/v1/projects')).toBe(false);
    expect(globOverlapsTemplate('/v1/**', '/v1/leads')).toBe(true);
  });
});
