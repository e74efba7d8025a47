import type { ApiRoute, UserRole } from '@latchkey/contracts';
import { API_ROUTE_TABLE } from './generated/api-route-table';

/**
 * The gateway's route -> required scope table: the key and webhook routes the services declare
 * (`deriveApiRoutes` in derived-table.ts), written out by table.spec.ts and checked there to equal
 * the declarations. The gateway authorises with it, identity issues only the scopes it names, the
 * console offers them. This module imports neither zod nor auth-core, so the console loads it in the
 * browser as `@latchkey/api-routes/table` without the declarations' schemas.
 */
export const API_ROUTES: readonly ApiRoute[] = API_ROUTE_TABLE;

/** Every scope a key can be granted, derived from the route table. */
export const KNOWN_SCOPES: readonly string[] = [...new Set(API_ROUTES.map((r) => r.scope))].sort();

/** Resources with at least one route. */
const ROUTED_RESOURCES: readonly string[] = [
  ...new Set(KNOWN_SCOPES.map((s) => s.split(':')[0] as string)),
].sort();

/**
 * Every scope a key can be granted (unbound): `*`, `resource:*` for a resource with routes, and each
 * `resource:action` some route requires. Anything else (`transactions:write`, `audit:write`) could
 * never be exercised on any route, so identity refuses to issue it.
 */
export const GRANTABLE_SCOPES: readonly string[] = [
  '*',
  ...ROUTED_RESOURCES.flatMap((resource) => [
    `${resource}:*`,
    ...KNOWN_SCOPES.filter((s) => s.startsWith(`${resource}:`)),
  ]),
];

/**
 * Grantable scopes that may also be bound to one instance, with the kinds of id each binding may
 * name: the resource's own ids where a route names an instance (`leads:read@led_…` reads that lead),
 * a project's where the service narrows the route's rows to projects (`leads:read@prj_…` reads that
 * project's leads). `resource:*` takes what any of the resource's scopes takes. A binding to any
 * other kind of id (`webhooks:write@prj_1`) could never match a request.
 */
export const BINDING_ID_PREFIXES: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const prefixes = new Map<string, Set<string>>();
  const add = (scope: string, prefix: string) => {
    let set = prefixes.get(scope);
    if (!set) prefixes.set(scope, (set = new Set()));
    set.add(prefix);
  };
  for (const route of API_ROUTES) {
    const resource = route.scope.split(':')[0] as string;
    const kinds = [
      ...(route.instanceParam !== undefined && route.instancePrefix ? [route.instancePrefix] : []),
      ...(route.projectRows ? ['prj'] : []),
    ];
    for (const kind of kinds) {
      add(route.scope, kind);
      add(`${resource}:*`, kind);
    }
  }
  return prefixes;
})();

/** Grantable scopes that may also be bound to one instance (`leads:read@prj_1`). */
export const BINDABLE_SCOPES: ReadonlySet<string> = new Set(BINDING_ID_PREFIXES.keys());

/**
 * The read scopes of the business data (routes served by the data API).
 */
const BUSINESS_READ_SCOPES: readonly string[] = [
  ...new Set(
    API_ROUTES.filter((r) => r.upstream === 'data-api' && r.scope.endsWith(':read')).map((r) => r.scope),
  ),
].sort();

/**
 * What a signed-in user may do through the gateway, by role. Owners and admins hold every scope
 * of their organisation; members and viewers read business data and the audit trail (ADR 0019:
 * they may look at everything the console shows, and change nothing). `audit:read` never lets a
 * user write: every audit route is a read.
 */
export function scopesForRole(role: UserRole): string[] {
  switch (role) {
    case 'owner':
    case 'admin':
      return ['*'];
    case 'member':
    case 'viewer':
      return [...BUSINESS_READ_SCOPES, 'audit:read'].sort();
  }
}
