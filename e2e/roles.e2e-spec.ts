import { type ApiRoute, type UserRole } from '@latchkey/contracts';
import { API_ROUTES } from '@latchkey/api-routes';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

const PASSWORD = 'latchkey-demo';
const ROLES: readonly UserRole[] = ['owner', 'admin', 'member', 'viewer'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * What each role may call through the gateway, as the README states it: owners and admins
 * everything, members and viewers the business data's reads (the audit trail is for `audit:read`
 * keys and owners/admins). Identity's routes declare their roles in its OpenAPI document.
 */
type GatewayRouteKind = 'audit' | 'data-read' | 'data-write';
const ROLE_MAY: Record<UserRole, ReadonlySet<GatewayRouteKind>> = {
  owner: new Set(['audit', 'data-read', 'data-write']),
  admin: new Set(['audit', 'data-read', 'data-write']),
  member: new Set(['data-read']),
  viewer: new Set(['data-read']),
};

function kindOf(route: ApiRoute): GatewayRouteKind {
  if (route.upstream === 'audit') return 'audit';
  return route.method === 'GET' ? 'data-read' : 'data-write';
}

/** A well-formed id nobody has: an allowed call finds nothing (404) and changes nothing. */
const nobody = (prefix: string) => `${prefix}_${'0'.repeat(26)}`;
const PARAM_PREFIX: Record<string, string> = {
  projects: 'prj',
  leads: 'led',
  invoices: 'inv',
  transactions: 'txn',
  webhooks: 'whc',
  keys: 'key',
  users: 'usr',
};
function concretePath(pattern: string): string {
  const resource = pattern.split('/')[2] ?? '';
  const id = nobody(PARAM_PREFIX[resource] ?? 'id');
  return pattern.replace(/:[a-z_]+|\{[a-z_]+\}/g, id);
}

/**
 * A body every write schema refuses (unknown field): an allowed write answers 400 and writes
 * nothing, so the matrix can run every route as owner without changing the organisation.
 */
const PROBE_BODY = { role_matrix_probe: true };

interface Operation {
  name: string;
  method: string;
  path: string;
  /** Roles that may call it. */
  allowed: ReadonlySet<UserRole>;
  /** What a role that may not gets. */
  refusal: string;
}

describe('every role against every admin, audit and data route, from the route declarations', () => {
  let env: RunningStack;
  let api: GatewayClient;
  const tokens = {} as Record<UserRole, string>;
  let identityOperations: Operation[] = [];

  beforeAll(async () => {
    env = await startStack('roles', { gateway: { TRUSTED_PROXIES: '127.0.0.1' } });
    api = new GatewayClient(env.gateway);
    for (const role of ROLES) tokens[role] = await api.login(`${role}@acme.example`, PASSWORD);
    const doc = await api.call('GET', '/docs/openapi.json');
    expect(doc.status).toBe(200);
    const paths = doc.body['paths'] as Record<string, Record<string, Record<string, unknown>>>;
    identityOperations = Object.entries(paths)
      .filter(([path]) => path.startsWith('/admin'))
      .flatMap(([path, operations]) =>
        METHODS.filter((m) => operations[m]).map((m) => {
          const roles = operations[m]!['x-latchkey-roles'];
          return {
            name: `${m.toUpperCase()} ${path}`,
            method: m.toUpperCase(),
            path: concretePath(path),
            allowed: new Set(Array.isArray(roles) ? (roles as UserRole[]) : []),
            refusal: '403 forbidden',
          };
        }),
      );
  });

  afterAll(async () => {
    await env?.teardown();
  });

  const gatewayOperations: Operation[] = API_ROUTES.map((route) => ({
    name: `${route.method} ${route.path}`,
    method: route.method,
    path: concretePath(route.path),
    allowed: new Set(ROLES.filter((role) => ROLE_MAY[role].has(kindOf(route)))),
    refusal: '403 insufficient_scope',
  }));

  it('identity documents its admin routes, each with the roles that may call it', () => {
    expect(identityOperations.length).toBeGreaterThan(10);
    const undeclared = identityOperations.filter((op) => op.allowed.size === 0).map((op) => op.name);
    expect(undeclared).toEqual([]);
  });

  it('the data and audit routes are all in the matrix', () => {
    const upstreams = new Set(gatewayOperations.map((op) => op.name.split(' ')[1]!.split('/')[1]));
    expect(upstreams).toEqual(new Set(['v1', 'audit']));
  });

  it.each(ROLES)(
    '%s: each route answers as the role allows (not 401/403) or refuses with 403',
    async (role) => {
      const actual: { route: string; outcome: string }[] = [];
      const expected: { route: string; outcome: string }[] = [];
      for (const op of [...identityOperations, ...gatewayOperations]) {
        const response = await api.call(op.method, op.path, {
          token: tokens[role],
          ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { body: PROBE_BODY }),
        });
        const refused = response.status === 401 || response.status === 403 || response.status >= 500;
        actual.push({
          route: op.name,
          outcome: refused ? `${response.status} ${String(response.body['code'])}` : 'allowed',
        });
        expected.push({ route: op.name, outcome: op.allowed.has(role) ? 'allowed' : op.refusal });
      }
      expect(actual).toEqual(expected);
    },
  );
});
