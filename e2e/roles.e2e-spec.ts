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
  endpoints: IdPrefix.NotificationEndpoint,
  deliveries: IdPrefix.NotificationDelivery,
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
      new Set(['auth', '.well-known', 'admin', 'v1', 'audit', 'security']),
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

  /**
   * ADR 0019, beyond the matrix's probes: a member and a viewer read the organisation's real keys
   * (never a secret), users, connections, policy and audit trail, and every write, with a body
   * that would be accepted, is refused with the documented problem and changes nothing.
   */
  describe.each(['member', 'viewer'] as const)('a %s', (role) => {
    let keyId: string;
    let userId: string;

    beforeAll(async () => {
      const keys = await api.call('GET', '/admin/keys', { token: tokens.owner });
      keyId = String((keys.body['data'] as { id: string }[])[0]?.id);
      const users = await api.call('GET', '/admin/users', { token: tokens.owner });
      userId = String(
        (users.body['data'] as { id: string; role: string }[]).find((u) => u.role === 'member')?.id,
      );
    });

    it('reads the keys (never a secret), users, connections, policy and audit trail', async () => {
      const reads = [
        '/admin/keys',
        `/admin/keys/${keyId}`,
        '/admin/users',
        `/admin/users/${userId}`,
        '/admin/webhooks',
        '/admin/policy',
        '/audit/events?limit=5',
        `/audit/keys/${keyId}/usage`,
        '/audit/verify',
      ];
      for (const path of reads) {
        const response = await api.call('GET', path, { token: tokens[role] });
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        expect(JSON.stringify(response.body)).not.toMatch(/lk_(live|test)_[0-9A-Za-z]{40}|secret_hash/);
      }
      const list = await api.call('GET', '/admin/keys', { token: tokens[role] });
      expect((list.body['data'] as unknown[]).length).toBeGreaterThan(0);
    });

    it('is refused every write with 403 forbidden (problem+json), and nothing changes', async () => {
      const before = await api.call('GET', `/admin/keys/${keyId}`, { token: tokens.owner });
      const writes: [string, string, unknown?][] = [
        ['POST', '/admin/keys', { name: 'by a reader', scopes: ['leads:read'] }],
        ['PATCH', `/admin/keys/${keyId}`, { name: 'renamed by a reader' }],
        ['POST', `/admin/keys/${keyId}/rotate`, { grace_seconds: 0 }],
        ['POST', `/admin/keys/${keyId}/revoke`, { reason: 'by a reader' }],
        ['DELETE', `/admin/keys/${keyId}`],
        [
          'POST',
          '/admin/users',
          {
            email: 'reader-made@acme.example',
            name: 'R',
            role: 'viewer',
            password: 'a long enough password 1',
          },
        ],
        ['PATCH', `/admin/users/${userId}`, { role: 'admin' }],
        ['POST', `/admin/users/${userId}/password`, { password: 'a long enough password 1' }],
        ['DELETE', `/admin/users/${userId}`],
        ['PUT', '/admin/policy', {}],
        ['POST', '/admin/webhooks', { name: 'by a reader' }],
        ['POST', `/admin/webhooks/${nobody(IdPrefix.WebhookConnection)}/regenerate`],
        ['POST', `/admin/webhooks/${nobody(IdPrefix.WebhookConnection)}/revoke`],
      ];
      for (const [method, path, body] of writes) {
        const response = await api.call(method, path, { token: tokens[role], ...(body ? { body } : {}) });
        expect({ route: `${method} ${path}`, status: response.status, code: response.body['code'] }).toEqual({
          route: `${method} ${path}`,
          status: 403,
          code: 'forbidden',
        });
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      const after = await api.call('GET', `/admin/keys/${keyId}`, { token: tokens.owner });
      expect(after.body).toEqual(before.body);
    });
  });
});
