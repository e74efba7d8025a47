import type { ApiRoute, GatewayAccess, RouteSpec } from '@latchkey/contracts';

/** What of a declaration the gateway's table is derived from: a route a key or webhook key calls. */
export type GatewayRouteDeclaration = Pick<RouteSpec, 'method' | 'path' | 'summary' | 'access'>;

/** The table entry of a declared route, or undefined for a route the gateway does not authorise by key. */
export function apiRouteOf(route: GatewayRouteDeclaration): ApiRoute | undefined {
  const { access } = route;
  if (access.kind !== 'key' && access.kind !== 'webhook') return undefined;
  const { scope, upstream, instanceParam, instancePrefix, projectRows }: GatewayAccess = access;
  return {
    method: route.method,
    path: route.path,
    scope,
    upstream,
    ...(instanceParam !== undefined ? { instanceParam } : {}),
    ...(instancePrefix !== undefined ? { instancePrefix } : {}),
    ...(projectRows ? { projectRows } : {}),
    summary: route.summary,
  };
}
