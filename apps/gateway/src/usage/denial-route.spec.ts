import fc from 'fast-check';
import { RouteMatcher } from '@latchkey/auth-core';
import { API_ROUTES } from '@latchkey/api-routes';
import { denialRoute } from './denial-route';

const matcher = new RouteMatcher(API_ROUTES);
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

describe('what a refused request is filed under', () => {
  it('the route template when the route table has the route (whatever the id, dot segments or query)', () => {
    expect(denialRoute('GET', '/v1/leads/led_01HX', matcher)).toBe('GET /v1/leads/:id');
    expect(denialRoute('GET', '/v1/./leads//led_2?x=1', matcher)).toBe('GET /v1/leads/:id');
    expect(denialRoute('POST', '/v1/webhooks/whc_1/events', matcher)).toBe(
      'POST /v1/webhooks/:connection_id/events',
    );
    expect(denialRoute('GET', '/audit/events/export', matcher)).toBe('GET /audit/events/export');
  });

  it('otherwise a bucket that names only known segments', () => {
    expect(denialRoute('POST', '/auth/login', matcher)).toBe('POST /auth/login');
    expect(denialRoute('PATCH', '/admin/keys/key_01HX', matcher)).toBe('PATCH /admin/keys/…');
    expect(denialRoute('GET', '/admin', matcher)).toBe('GET /admin');
    expect(denialRoute('DELETE', '/v1/leads/led_1', matcher)).toBe('DELETE /v1/leads/…');
    expect(denialRoute('GET', '/v1/nothing-here', matcher)).toBe('GET /v1/*');
    expect(denialRoute('GET', '/wp-login.php', matcher)).toBe('GET /*');
    expect(denialRoute('GET', '/etc/passwd/x/y', matcher)).toBe('GET /*/…');
    expect(denialRoute('GET', `/v1/${'a/'.repeat(8000)}`, matcher)).toBe('GET /v1/*/…');
    expect(denialRoute('GET', '/', matcher)).toBe('GET /');
  });

  it('any number of distinct paths make at most a fixed, small set of routes', () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'v1',
        'audit',
        'auth',
        'admin',
        '.well-known',
        'leads',
        'keys',
        'login',
        'events',
        '..',
        '.',
        '',
      ),
      fc.string({ maxLength: 12 }),
    );
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.constantFrom(...METHODS),
        fc.array(segment, { maxLength: 8 }),
        fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
        (method, segments, query) => {
          const url = `/${segments.join('/')}${query === undefined ? '' : `?${query}`}`;
          const route = denialRoute(method, url, matcher);
          expect(route.length).toBeLessThanOrEqual(80);
          seen.add(route);
        },
      ),
      { numRuns: 5000 },
    );
    // Methods × (route templates + buckets of the known prefixes): far fewer than the paths tried.
    const buckets = 2 * (1 + 5 + 2 * 20);
    expect(seen.size).toBeLessThanOrEqual(METHODS.length * (API_ROUTES.length + buckets));
    for (const route of seen) expect(route).toMatch(/^[A-Z]+ \/[a-z0-9.:_/*…-]*$/);
  });
});
