import { API_ROUTES } from '@latchkey/api-routes/table';
import { describe, expect, it } from 'vitest';
import {
  allowedRequests,
  exampleRequest,
  firstAllowedRequest,
  globMatches,
  instanceCollections,
} from './grants';

/** The route of the table a concrete request calls (`:param` is one segment). */
const routeOf = (method: string, path: string) =>
  API_ROUTES.find(
    (r) => r.method === method && new RegExp(`^${r.path.replace(/:[A-Za-z_]+/g, '[^/]+')}$`).test(path),
  );

describe('the first allowed route for a key’s grants', () => {
  it('for every scope of the table: a route of that scope, a GET whenever the scope opens one', () => {
    for (const scope of new Set(API_ROUTES.map((r) => r.scope))) {
      const request = firstAllowedRequest(
        { scopes: [scope] },
        new Map([
          ['prj', ['prj_1']],
          ['led', ['led_1']],
          ['inv', ['inv_1']],
          ['txn', ['txn_1']],
          ['whc', ['whc_1']],
        ]),
      );
      // A scope whose every route names an instance the samples do not hold (a refusal's
      // explanation, `/admin/decisions/:id`) has no concrete request: its example is the route
      // with the id to fill in.
      const onlyById = API_ROUTES.filter((r) => r.scope === scope).every((r) => r.path.includes('/:id'));
      if (!request && onlyById) {
        const example = exampleRequest({ scopes: [scope] });
        expect({ scope, placeholder: example.placeholder }).toEqual({ scope, placeholder: true });
        continue;
      }
      const route = request && routeOf(request.method, request.path);
      expect({ scope, found: route?.scope }).toEqual({ scope, found: scope });
      const opensGet = API_ROUTES.some((r) => r.scope === scope && r.method === 'GET');
      expect({ scope, method: request?.method === 'GET' }).toEqual({ scope, method: opensGet });
    }
  });

  it('for every route without parameters: a key limited to exactly its path and scope calls that route', () => {
    for (const route of API_ROUTES.filter((r) => !r.path.includes(':'))) {
      const request = firstAllowedRequest({ scopes: [route.scope], allowed_paths: [route.path] });
      const samePath = API_ROUTES.filter((r) => r.scope === route.scope && r.path === route.path);
      const expected = samePath.find((r) => r.method === 'GET') ?? samePath[0];
      expect(request).toEqual({ method: expected?.method, path: route.path });
    }
  });

  it('for every instance route: a scope bound to one instance calls that very instance', () => {
    for (const route of API_ROUTES.filter((r) => r.instanceParam && r.instancePrefix)) {
      const id = `${route.instancePrefix}_42`;
      const all = allowedRequests({ scopes: [`${route.scope}@${id}`] });
      expect(all.length).toBeGreaterThan(0);
      for (const request of all) {
        expect(request.path).toContain(id);
        expect(routeOf(request.method, request.path)?.scope).toBe(route.scope);
      }
    }
  });

  it('never answers a request outside the allowed paths or the scopes, over every pair of scope and route path', () => {
    const globsOf = (path: string) => [path, `${path.replace(/\/:[A-Za-z_]+$/, '')}/*`, '/v1/**'];
    for (const scope of new Set(API_ROUTES.map((r) => r.scope)))
      for (const route of API_ROUTES)
        for (const glob of globsOf(route.path)) {
          const samples = new Map([[route.instancePrefix ?? 'prj', ['x_1']]]);
          for (const request of allowedRequests({ scopes: [scope], allowed_paths: [glob] }, samples)) {
            expect(globMatches(glob, request.path)).toBe(true);
            expect(routeOf(request.method, request.path)?.scope).toBe(scope);
          }
        }
  });

  it('calls a listed project for a key limited to /v1/projects/* (its collection is outside that path)', () => {
    const grant = { scopes: ['projects:read'], allowed_paths: ['/v1/projects/*'] };
    expect(firstAllowedRequest(grant)).toBeUndefined();
    expect(instanceCollections(grant)).toEqual([{ prefix: 'prj', path: '/v1/projects' }]);
    expect(exampleRequest(grant, new Map([['prj', ['prj_7']]]))).toEqual({
      method: 'GET',
      path: '/v1/projects/prj_7',
    });
    expect(exampleRequest(grant)).toEqual({ method: 'GET', path: '/v1/projects/{id}', placeholder: true });
  });

  it('reads globs as the gateway does: * one segment, ** anything, a trailing /* only what lies below', () => {
    expect(globMatches('/v1/projects/*', '/v1/projects')).toBe(false);
    expect(globMatches('/v1/projects/*', '/v1/projects/prj_1')).toBe(true);
    expect(globMatches('/v1/projects/*', '/v1/projects/prj_1/x')).toBe(true);
    expect(globMatches('/v1/*/prj_1', '/v1/projects/prj_1')).toBe(true);
    expect(globMatches('/v1/*/prj_1', '/v1/a/b/prj_1')).toBe(false);
    expect(globMatches('/v1/**/events', '/v1/webhooks/whc_1/events')).toBe(true);
    expect(globMatches('/v1/lead.s', '/v1/leadxs')).toBe(false);
  });
});
