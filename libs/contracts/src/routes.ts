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
  /**
   * The service narrows this route's rows to the projects that project-bound grants name
   * (`leads:read@prj_1` reads the leads of project prj_1): such a grant passes the gateway here.
   */
  projectRows?: true;
  summary: string;
}

const readWrite = (resource: string, prefix = `/v1/${resource}`): ApiRoute[] => [
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
    projectRows: true,
    summary: 'Read a transaction',
  },
  {
    method: 'POST',
    path: '/v1/webhooks/:connection_id/events',
    scope: 'webhooks:write',
    upstream: 'data-api',
    instanceParam: 'connection_id',
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

/**
 * Resources a scope may be bound to one instance of (`resource:action@id`): those with a route that
 * names an instance or whose rows are narrowed to projects. Elsewhere a binding would mean nothing
 * the gateway or the service could enforce, so identity refuses it.
 */
export const BINDABLE_RESOURCES: ReadonlySet<string> = new Set(
  API_ROUTES.filter((r) => r.instanceParam !== undefined || r.projectRows).map(
    (r) => r.scope.split(':')[0] as string,
  ),
);

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
 * Grantable scopes that may also be bound to one instance (`leads:read@prj_1`): those of a route
 * that names an instance or narrows its rows to projects, and `resource:*` of such a resource.
 */
export const BINDABLE_SCOPES: ReadonlySet<string> = new Set([
  ...API_ROUTES.filter((r) => r.instanceParam !== undefined || r.projectRows).map((r) => r.scope),
  ...[...BINDABLE_RESOURCES].map((resource) => `${resource}:*`),
]);

/** Public (no credential): the JWKS of the key that signs audit checkpoints and retention cuts. */
export const AUDIT_CHECKPOINT_KEYS_PATH = '/.well-known/audit-checkpoint-keys.json';
