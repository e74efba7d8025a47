import { API_ROUTES } from '@latchkey/api-routes/table';
import type { ApiRoute } from '@latchkey/contracts';

export interface ExampleRequest {
  method: ApiRoute['method'];
  path: string;
  /** The route's path still names an instance the console could not fill in (`{id}`). */
  placeholder?: boolean;
}

/** What a key may do, as far as the example needs to know. */
export interface Grant {
  scopes: readonly string[];
  allowed_paths?: readonly string[] | undefined;
}

/** Instance ids of the organisation the console could list, by id prefix (`prj` → `['prj_1']`). */
export type SampleInstances = ReadonlyMap<string, readonly string[]>;

interface ParsedGrant {
  resource: string;
  action: string;
  instance: string | undefined;
}

function parseGrant(text: string): ParsedGrant {
  const at = text.indexOf('@');
  const scope = at === -1 ? text : text.slice(0, at);
  const instance = at === -1 ? undefined : text.slice(at + 1);
  if (scope === '*') return { resource: '*', action: '*', instance };
  const [resource = '', action = ''] = scope.split(':');
  return { resource, action, instance };
}

/** The gateway's rule: a grant covers the route's scope, and a bound grant only that very instance. */
function grantAllows(grant: ParsedGrant, required: string, instance: string | undefined): boolean {
  const [resource, action] = required.split(':');
  if (grant.resource !== '*' && grant.resource !== resource) return false;
  if (grant.action !== '*' && grant.action !== action) return false;
  return grant.instance === undefined || grant.instance === instance;
}

const globs = new Map<string, RegExp>();

/**
 * An `allowed_paths` glob as the gateway reads it: `*` is any characters but `/`, `**` anything, and
 * a trailing `/*` anything below (not the path itself). The gateway's matcher lives in auth-core,
 * which the browser bundle may not import; this one only picks an example, the gateway decides.
 */
export function globMatches(glob: string, path: string): boolean {
  let pattern = globs.get(glob);
  if (!pattern) {
    const deep = glob.endsWith('/*');
    const body = deep ? glob.slice(0, -1) : glob;
    const source = body
      .split(/(\*+)/)
      .map((part) =>
        part.startsWith('*')
          ? part.length > 1
            ? '.*'
            : '[^/]*'
          : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
    pattern = new RegExp(`^${source}${deep ? '.+' : ''}$`, 's');
    globs.set(glob, pattern);
  }
  return pattern.test(path);
}

/** The concrete paths a route can be called on for this grant: its own, or one per known instance. */
function concretePaths(route: ApiRoute, grants: readonly ParsedGrant[], samples: SampleInstances) {
  const params = route.path.match(/:[A-Za-z_]+/g) ?? [];
  if (params.length === 0) return [{ path: route.path, instance: undefined }];
  const prefix = route.instancePrefix;
  if (params.length !== 1 || route.instanceParam === undefined || !prefix) return [];
  const ids = [
    ...grants.flatMap((g) => (g.instance?.startsWith(`${prefix}_`) ? [g.instance] : [])),
    ...(samples.get(prefix) ?? []),
  ];
  return [...new Set(ids)].map((id) => ({
    path: route.path.replace(`:${route.instanceParam}`, id),
    instance: id,
  }));
}

/**
 * Every request of the route table this key may make, in the table's order: its scopes cover the
 * route (a bound scope only its instance) and the path lies inside its allowed paths, if any.
 */
export function allowedRequests(grant: Grant, samples: SampleInstances = new Map()): ExampleRequest[] {
  const grants = grant.scopes.map(parseGrant);
  const allowedPaths = grant.allowed_paths ?? [];
  return API_ROUTES.flatMap((route) =>
    concretePaths(route, grants, samples)
      .filter(({ instance }) => grants.some((g) => grantAllows(g, route.scope, instance)))
      .filter(({ path }) => allowedPaths.length === 0 || allowedPaths.some((glob) => globMatches(glob, path)))
      .map(({ path }) => ({ method: route.method, path })),
  );
}

/** The first GET this key may make; else the first request of any method; else undefined. */
export function firstAllowedRequest(grant: Grant, samples?: SampleInstances): ExampleRequest | undefined {
  const allowed = allowedRequests(grant, samples);
  return allowed.find((r) => r.method === 'GET') ?? allowed[0];
}

/**
 * Collections to list for an instance id to call: the routes the key's unbound scopes cover that
 * name one instance, each with the GET route that lists its kind (`/v1/projects` for `prj`).
 */
export function instanceCollections(grant: Grant): { prefix: string; path: string }[] {
  const grants = grant.scopes.map(parseGrant);
  const found = new Map<string, string>();
  for (const route of API_ROUTES) {
    const prefix = route.instancePrefix;
    if (route.instanceParam === undefined || !prefix || found.has(prefix)) continue;
    if (!grants.some((g) => g.instance === undefined && grantAllows(g, route.scope, undefined))) continue;
    const collection = route.path.slice(0, route.path.lastIndexOf('/'));
    if (API_ROUTES.some((r) => r.method === 'GET' && r.path === collection)) found.set(prefix, collection);
  }
  return [...found].map(([prefix, path]) => ({ prefix, path }));
}

/**
 * The request the "try it" curl makes: the first allowed one, or (when every route the key may use
 * names an instance the console does not know) the first covered route with its `{id}` to fill in.
 */
export function exampleRequest(grant: Grant, samples?: SampleInstances): ExampleRequest {
  const allowed = firstAllowedRequest(grant, samples);
  if (allowed) return allowed;
  const grants = grant.scopes.map(parseGrant);
  const allowedPaths = grant.allowed_paths ?? [];
  // Inside the allowed paths whatever the id filled in turns out to be.
  const inside = (r: ApiRoute) =>
    allowedPaths.length === 0 ||
    allowedPaths.some((glob) => globMatches(glob, r.path.replace(/:[A-Za-z_]+/g, 'id')));
  const covered = API_ROUTES.filter(
    (r) => inside(r) && grants.some((g) => grantAllows(g, r.scope, g.instance)),
  );
  const route = covered.find((r) => r.method === 'GET') ?? covered[0] ?? API_ROUTES[0];
  if (!route) return { method: 'GET', path: '/v1/projects', placeholder: true };
  return { method: route.method, path: route.path.replace(/:([A-Za-z_]+)/g, '{$1}'), placeholder: true };
}
