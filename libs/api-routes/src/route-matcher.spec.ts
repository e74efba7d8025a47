import { type ApiRoute } from '@latchkey/contracts';
import { API_ROUTES } from './table';
import { RouteMatcher } from '@latchkey/auth-core';

const matcher = new RouteMatcher(API_ROUTES);

const routeOf = (method: ApiRoute['method'], path: string): ApiRoute => {
  const route = API_ROUTES.find((r) => r.method === method && r.path === path);
  if (!route) throw new Error(`test setup: no route ${method} ${path} in API_ROUTES`);
  return route;
};

/** A concrete path for a route pattern, with each `:param` replaced by a sample value. */
const samplePath = (pattern: string): { path: string; params: Record<string, string> } => {
  const params: Record<string, string> = {};
  const path = pattern
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment;
      const value = `x_${segment.slice(1)}_1`;
      params[segment.slice(1)] = value;
      return value;
    })
    .join('/');
  return { path, params };
};

describe('RouteMatcher over API_ROUTES', () => {
  it('every route in the table is reached by its own path with its params, and no other route shadows it', () => {
    for (const route of API_ROUTES) {
      const { path, params } = samplePath(route.path);
      expect(matcher.match(route.method, path)).toEqual({ route, params });
    }
  });

  it('a literal segment beats a parameter: /audit/events/export is the export route', () => {
    expect(matcher.match('GET', '/audit/events/export')).toEqual({
      route: routeOf('GET', '/audit/events/export'),
      params: {},
    });
    expect(matcher.match('GET', '/audit/events/stream')?.route).toBe(routeOf('GET', '/audit/events/stream'));
  });

  it('a literal segment beats a parameter even when the parameter route is listed first', () => {
    const byId: ApiRoute = {
      method: 'GET',
      path: '/audit/events/:id',
      scope: 'audit:read',
      upstream: 'audit',
      summary: 'one event',
    };
    const shadowing = new RouteMatcher([byId, ...API_ROUTES]);
    expect(shadowing.match('GET', '/audit/events/export')?.route).toBe(
      routeOf('GET', '/audit/events/export'),
    );
    expect(shadowing.match('GET', '/audit/events/evt_1')).toEqual({ route: byId, params: { id: 'evt_1' } });
  });

  it('extracts path parameters', () => {
    expect(matcher.match('GET', '/v1/projects/prj_123')).toEqual({
      route: routeOf('GET', '/v1/projects/:id'),
      params: { id: 'prj_123' },
    });
    expect(matcher.match('POST', '/v1/webhooks/whc_1/events')).toEqual({
      route: routeOf('POST', '/v1/webhooks/:connection_id/events'),
      params: { connection_id: 'whc_1' },
    });
    expect(matcher.match('GET', '/audit/keys/key_01J/usage')).toEqual({
      route: routeOf('GET', '/audit/keys/:id/usage'),
      params: { id: 'key_01J' },
    });
  });

  it.each([
    '/',
    '/v1',
    '/v1/unknown',
    '/v1/projects/prj_1/extra',
    '/v1/webhooks/whc_1',
    '/V1/projects',
    '/audit/events/export/x',
    '/admin/unknown',
  ])('an unknown path %s matches nothing', (path) => {
    expect(matcher.match('GET', path)).toBeUndefined();
    expect(matcher.match('POST', path)).toBeUndefined();
    expect(matcher.knowsPath(path)).toBe(false);
  });

  it('an empty segment never fills a parameter', () => {
    expect(matcher.match('GET', '/v1/projects/')).toBeUndefined();
    expect(matcher.match('POST', '/v1/webhooks//events')).toBeUndefined();
  });

  it('a known path with the wrong method matches nothing, yet the path is known', () => {
    expect(matcher.match('DELETE', '/v1/projects')).toBeUndefined();
    expect(matcher.match('PATCH', '/v1/projects')).toBeUndefined();
    expect(matcher.match('GET', '/v1/webhooks/whc_1/events')).toBeUndefined();
    expect(matcher.match('POST', '/audit/events/export')).toBeUndefined();
    expect(matcher.match('POST', '/v1/transactions')).toBeUndefined();
    expect(matcher.knowsPath('/v1/webhooks/whc_1/events')).toBe(true);
    expect(matcher.knowsPath('/v1/transactions')).toBe(true);
  });

  it('HEAD matches, and so is authorized as, the GET route of the path, and nothing else', () => {
    for (const route of API_ROUTES) {
      const { path } = samplePath(route.path);
      const viaHead = matcher.match('HEAD', path);
      if (route.method === 'GET') expect(viaHead).toEqual(matcher.match('GET', path));
      else if (!API_ROUTES.some((r) => r.method === 'GET' && r.path === route.path))
        expect(viaHead).toBeUndefined();
    }
  });

  it('allowedMethods lists every method some route serves a path with, HEAD with GET', () => {
    expect(matcher.allowedMethods('/v1/projects')).toEqual(['GET', 'HEAD', 'POST']);
    expect(matcher.allowedMethods('/v1/projects/prj_1')).toEqual(['GET', 'HEAD', 'PATCH']);
    expect(matcher.allowedMethods('/v1/webhooks/whc_1/events')).toEqual(['POST']);
    expect(matcher.allowedMethods('/audit/events/export')).toEqual(['GET', 'HEAD']);
    expect(matcher.allowedMethods('/v1/unknown')).toEqual([]);
    for (const route of API_ROUTES) {
      expect(matcher.allowedMethods(samplePath(route.path).path)).toContain(route.method);
    }
  });

  it('methods are matched exactly as given (upper case)', () => {
    expect(matcher.match('get', '/v1/projects')).toBeUndefined();
  });

  it('matchOnce answers as match does, and a flood of distinct paths through it leaves the remembered paths alone', () => {
    const fresh = new RouteMatcher(API_ROUTES);
    const remembered = () => fresh.rememberedPaths;
    for (const path of ['/v1/projects', '/v1/leads/led_1', '/audit/events/export', '/nothing']) {
      expect(fresh.matchOnce('GET', path)).toEqual(matcher.match('GET', path));
    }
    expect(remembered()).toBe(0);
    fresh.match('GET', '/v1/projects');
    for (let i = 0; i < 20_000; i++) fresh.matchOnce('GET', `/v1/leads/led_${i}`);
    expect(remembered()).toBe(1);
    expect(fresh.matchOnce('GET', '/v1/projects')?.route).toBe(routeOf('GET', '/v1/projects'));
  });
});
