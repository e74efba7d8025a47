import { IdPrefix, RESOURCE_ID_PREFIX, type ResourceName } from './ids';
import type { Audience } from './principal';

/**
 * The route -> required scope table: the single source for the gateway's authorization,
 * the data API's handlers and the OpenAPI document. A path not in this table is 404 at the gateway.
 */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path pattern; `:name` is one segment. */
  path: string;
  scope: string;
  upstream: Audience;
  /** Path parameter that names a resource instance, for instance-bound scopes. */
  instanceParam?: string;
  /** The prefix of the ids that parameter carries (`prj` for `prj_…`): what a binding must name. */
  instancePrefix?: IdPrefix;
  /**
   * The service narrows this route's rows to the projects that project-bound grants name
   * (`leads:read@prj_1` reads the leads of project prj_1): such a grant passes the gateway here.
   */
  projectRows?: true;
  summary: string;
}

const readWrite = (resource: ResourceName, prefix = `/v1/${resource}`): ApiRoute[] => [
  {
    method: 'GET',
    path: prefix,
    scope: `${resource}:read`,
    upstream: 'data-api',
    projectRows: true,
    summary: `List ${resource}`,
  },
  {
    method: 'GET',
    path: `${prefix}/:id`,
    scope: `${resource}:read`,
    upstream: 'data-api',
    instanceParam: 'id',
    instancePrefix: RESOURCE_ID_PREFIX[resource],
    projectRows: true,
    summary: `Read one of ${resource}`,
  },
  {
    method: 'POST',
    path: prefix,
    scope: `${resource}:write`,
    upstream: 'data-api',
    projectRows: true,
    summary: `Create ${resource}`,
  },
  {
    method: 'PATCH',
    path: `${prefix}/:id`,
    scope: `${resource}:write`,
    upstream: 'data-api',
    instanceParam: 'id',
    instancePrefix: RESOURCE_ID_PREFIX[resource],
    projectRows: true,
    summary: `Update one of ${resource}`,
  },
];

export const API_ROUTES: readonly ApiRoute[] = [
  ...readWrite('projects'),
  ...readWrite('leads'),
  ...readWrite('invoices'),
  {
    method: 'GET',
    path: '/v1/transactions',
    scope: 'transactions:read',
    upstream: 'data-api',
    projectRows: true,
    summary: 'List transactions',
  },
  {
    method: 'GET',
    path: '/v1/transactions/:id',
    scope: 'transactions:read',
    upstream: 'data-api',
    instanceParam: 'id',
    instancePrefix: RESOURCE_ID_PREFIX.transactions,
    projectRows: true,
    summary: 'Read a transaction',
  },
  {
    method: 'POST',
    path: '/v1/webhooks/:connection_id/events',
    scope: 'webhooks:write',
    upstream: 'data-api',
    instanceParam: 'connection_id',
    instancePrefix: IdPrefix.WebhookConnection,
    summary: 'Ingest a webhook event',
  },
  {
    method: 'GET',
    path: '/audit/events',
    scope: 'audit:read',
    upstream: 'audit',
    summary: 'Query audit events',
  },
  {
    method: 'GET',
    path: '/audit/events/export',
    scope: 'audit:read',
    upstream: 'audit',
    summary: 'Export audit events',
  },
  {
    method: 'GET',
    path: '/audit/events/stream',
    scope: 'audit:read',
    upstream: 'audit',
    summary: 'Live tail',
  },
  {
    method: 'GET',
    path: '/audit/keys/:id/usage',
    scope: 'audit:read',
    upstream: 'audit',
    summary: 'Key usage',
  },
  {
    method: 'GET',
    path: '/audit/verify',
    scope: 'audit:read',
    upstream: 'audit',
    summary: 'Verify the hash chain',
  },
  {
    method: 'GET',
    path: '/audit/checkpoints',
    scope: 'audit:read',
    upstream: 'audit',
    summary: 'Signed chain checkpoints and the public key that verifies them',
  },
];

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

/** Public (no credential): the JWKS of the key that signs audit checkpoints and retention cuts. */
export const AUDIT_CHECKPOINT_KEYS_PATH = '/.well-known/audit-checkpoint-keys.json';
