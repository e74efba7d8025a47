import { accessMatrix, type AccessMatrixRow } from '@latchkey/api-routes';
import { IdPrefix, USER_ROLES, type UserRole } from '@latchkey/contracts';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

const PASSWORD = 'latchkey-demo';

/** A well-formed id nobody has: an allowed call finds nothing (404) and changes nothing. */
const nobody = (prefix: string) => `${prefix}_${'0'.repeat(26)}`;
/** Identity's admin routes name their instance by the collection before it. */
const COLLECTION_PREFIX: Record<string, string> = {
  keys: IdPrefix.ApiKey,
  users: IdPrefix.User,
  webhooks: IdPrefix.WebhookConnection,
};
function concretePath(row: AccessMatrixRow): string {
  const segments = row.path.split('/');
  return segments
    .map((segment, i) =>
      segment.startsWith(':')
        ? nobody(row.instancePrefix ?? COLLECTION_PREFIX[segments[i - 1] ?? ''] ?? 'id')
        : segment,
    )
    .join('/');
}

/**
 * A body every write schema refuses (unknown field): an allowed write answers 400 and writes
 * nothing, so the matrix can run every route as owner without changing the organisation.
 */
const PROBE_BODY = { role_matrix_probe: true };

/**
 * The matrix is generated from the route declarations (libs/api-routes accessMatrix, rendered in
 * docs/access-matrix.md): every declared route, with the roles whose tokens may call it. Nothing
 * about who may do what is written in this test.
 */
describe('every role against every declared route, as the access matrix says', () => {
  let env: RunningStack;
  let api: GatewayClient;
  const tokens = {} as Record<UserRole, string>;
  const matrix = accessMatrix();

  beforeAll(async () => {
    env = await startStack('roles', { gateway: { TRUSTED_PROXIES: '127.0.0.1' } });
    api = new GatewayClient(env.gateway);
    for (const role of USER_ROLES) tokens[role] = await api.login(`${role}@acme.example`, PASSWORD);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('covers identity, the data API and audit, with every kind of access', () => {
    expect(new Set(matrix.map((row) => row.path.split('/')[1]))).toEqual(
      new Set(['auth', '.well-known', 'admin', 'v1', 'audit']),
    );
    expect(new Set(matrix.map((row) => row.access))).toEqual(new Set(['public', 'user', 'key', 'webhook']));
  });

  it.each(USER_ROLES)(
    '%s: each route answers as the role allows (not 401/403) or refuses with 403',
    async (role) => {
      const actual: { route: string; outcome: string }[] = [];
      const expected: { route: string; outcome: string }[] = [];
      for (const row of matrix) {
        const response = await api.call(row.method, concretePath(row), {
          token: tokens[role],
          ...(row.method === 'GET' || row.method === 'DELETE' ? {} : { body: PROBE_BODY }),
        });
        const refused = response.status === 401 || response.status === 403 || response.status >= 500;
        const route = `${row.method} ${row.path}`;
        actual.push({
          route,
          outcome: refused ? `${response.status} ${String(response.body['code'])}` : 'allowed',
        });
        const refusal = row.access === 'user' ? '403 forbidden' : '403 insufficient_scope';
        expected.push({ route, outcome: row.roles[role] ? 'allowed' : refusal });
      }
      expect(actual).toEqual(expected);
    },
  );
});
