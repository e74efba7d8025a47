import { defineRoute, IdPrefix, RESOURCE_ID_PREFIX } from '@latchkey/contracts';
import { AUDIT_GATEWAY_ROUTES } from './audit/audit-routes';
import { DATA_API_ROUTES, RESOURCE_ROUTES } from './data-api/data-api-routes';
import { RESOURCE_WIRES } from './data-api/resource-schemas';
import { apiRouteOf } from './gateway-route';
import { IDENTITY_ROUTES } from './identity/identity-routes';
import { API_ROUTES } from './table';

describe('API_ROUTES, derived from the declarations', () => {
  it('has one entry per key or webhook route declared, with its access', () => {
    const declared = [...DATA_API_ROUTES, ...AUDIT_GATEWAY_ROUTES];
    expect(API_ROUTES.map((r) => `${r.method} ${r.path}`)).toEqual(
      declared.map((r) => `${r.method} ${r.path}`),
    );
    for (const [i, route] of declared.entries()) {
      const { kind: _kind, ...access } = route.access as Extract<typeof route.access, { kind: 'key' }>;
      expect(API_ROUTES[i]).toEqual({
        method: route.method,
        path: route.path,
        summary: route.summary,
        ...access,
      });
    }
  });

  it('leaves out routes the gateway does not authorise by key (identity’s)', () => {
    expect(IDENTITY_ROUTES.map(apiRouteOf).filter(Boolean)).toEqual([]);
  });

  it('binds each resource route naming a row to that resource’s ids, and every one to projects', () => {
    for (const wire of RESOURCE_WIRES) {
      const routes = Object.values(RESOURCE_ROUTES[wire.name]).map((route) => apiRouteOf(route));
      for (const route of routes) {
        expect(route?.projectRows).toBe(true);
        expect(route?.instancePrefix).toBe(route?.instanceParam ? RESOURCE_ID_PREFIX[wire.name] : undefined);
      }
    }
  });

  it('declares no writes of a read-only resource', () => {
    expect(RESOURCE_ROUTES.transactions.create).toBeUndefined();
    expect(RESOURCE_ROUTES.transactions.update).toBeUndefined();
    expect(API_ROUTES.filter((r) => r.scope === 'transactions:write')).toEqual([]);
  });

  it('refuses an instance prefix without the parameter it would check', () => {
    expect(() =>
      defineRoute({
        method: 'GET',
        path: '/v1/things', // a list: no :id for the prefix to check
        operationId: 'listThings',
        summary: 'List things',
        tags: ['things'],
        access: { kind: 'key', scope: 'things:read', upstream: 'data-api', instancePrefix: IdPrefix.Project },
        responses: { 200: null },
      }),
    ).toThrow('instancePrefix without instanceParam');
  });

  it('every route naming an instance takes its prefix from the table', () => {
    const known = new Set<string>(Object.values(IdPrefix));
    const bound = API_ROUTES.filter((r) => r.instanceParam !== undefined);
    expect(bound.length).toBeGreaterThan(0);
    for (const route of bound) expect(known.has(route.instancePrefix ?? '')).toBe(true);
    for (const [resource, prefix] of Object.entries(RESOURCE_ID_PREFIX)) {
      const read = API_ROUTES.find((r) => r.method === 'GET' && r.path === `/v1/${resource}/:id`);
      expect(read?.instancePrefix).toBe(prefix);
    }
  });
});
