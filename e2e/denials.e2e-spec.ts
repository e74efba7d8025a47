import { MAX_URL_LENGTH, SYSTEM_ORG_ID, type AuditEventView, type AuthDeniedData } from '@latchkey/contracts';
import { API_ROUTES } from '@latchkey/api-routes';
import { sql, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

/** A small budget, so that a flood of a few thousand refusals goes well past it. */
const BUDGET = 5;

/**
 * Refusals are aggregated per organisation within its own budget: one tenant's flood of refusals
 * cannot push another's out of the audit trail, and is itself counted in full.
 */
describe('auth.denied through the gateway, with the real audit service', () => {
  let env: RunningStack;
  let api: GatewayClient;

  beforeAll(async () => {
    env = await startStack('denials', {
      gateway: {
        TRUSTED_PROXIES: '127.0.0.1',
        AUTH_FAILURE_LIMIT: '1000000',
        DENIAL_TUPLES_PER_ORG: String(BUDGET),
      },
    });
    api = new GatewayClient(env.gateway);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function keyOf(
    token: string,
    body: Record<string, unknown>,
  ): Promise<{ id: string; secret: string }> {
    const response = await api.call('POST', '/admin/keys', {
      token,
      body: {
        name: 'denials',
        expires_in_days: 7,
        rate_limit: { limit: 1_000_000, window_seconds: 60 },
        ...body,
      },
    });
    if (response.status !== 201)
      throw new Error(`issue: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; secret: string };
  }

  /** Sum of `count` over an organisation's auth.denied records, straight from the store. */
  async function storedCount(orgId: string): Promise<{ events: number; refusals: number }> {
    const [row] = await sql<{ events: number; refusals: number }>(
      env.db.url,
      `select count(*)::int as events, coalesce(sum((data->>'count')::int), 0)::int as refusals
         from audit.events where type = 'auth.denied' and org_id = $1`,
      [orgId],
    );
    return row!;
  }

  it('a tenant’s flood of refusals far past its budget leaves every refusal of another tenant in that tenant’s trail, and is counted itself', async () => {
    const [orgA, orgB] = env.orgs as [(typeof env.orgs)[0], (typeof env.orgs)[0]];
    const ownerA = await api.login(orgA.email, orgA.password);
    const ownerB = await api.login(orgB.email, orgB.password);
    const floodKeys = [
      await keyOf(ownerA, { scopes: ['projects:read'] }),
      await keyOf(ownerA, { scopes: ['projects:read'] }),
    ];
    const bKey = await keyOf(ownerB, { scopes: ['projects:read'] });
    const bRevoked = await keyOf(ownerB, { scopes: ['projects:read'] });
    await api.call('POST', `/admin/keys/${bRevoked.id}/revoke`, { token: ownerB, body: { reason: 'test' } });

    // Every GET route the keys may not use: each (key, route) its own tuple, far more than BUDGET.
    const refusedPaths = API_ROUTES.filter((r) => r.method === 'GET' && !r.scope.startsWith('projects:')).map(
      (r) => r.path.replace(/:[a-z_]+/g, 'x1'),
    );
    const FLOOD = 3000;
    let next = 0;
    const statuses = new Map<number, number>();
    const flood = async () => {
      for (let i = next++; i < FLOOD; i = next++) {
        const key = floodKeys[i % floodKeys.length]!;
        const path = refusedPaths[i % refusedPaths.length]!;
        const response = await fetch(`${env.gateway}${path}`, {
          headers: { authorization: `Bearer ${key.secret}`, 'x-forwarded-for': '203.0.113.10' },
        });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    };
    // B's few refusals while A floods: 4 + 3 with a key lacking the scope, 2 with a revoked key.
    const bRequests = [
      ...Array.from({ length: 4 }, () => ({ secret: bKey.secret, path: '/v1/leads' })),
      ...Array.from({ length: 3 }, () => ({ secret: bKey.secret, path: '/v1/invoices/inv_1' })),
      ...Array.from({ length: 2 }, () => ({ secret: bRevoked.secret, path: '/v1/projects' })),
    ];
    const tenantB = async () => {
      for (const { secret, path } of bRequests) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const response = await api.call('GET', path, { token: secret, ip: '198.51.100.20' });
        expect([401, 403]).toContain(response.status);
      }
    };
    await Promise.all([...Array.from({ length: 16 }, flood), tenantB()]);
    expect(statuses.get(403)).toBe(FLOOD);

    // B's trail, as B reads it: all of B's refusals (sum of counts), none lost to A's flood.
    await waitFor(
      'all of B’s refusals in B’s trail',
      async () => (await storedCount(orgB.org_id)).refusals >= bRequests.length,
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const trail = await api.call('GET', '/audit/events?type=auth.denied&limit=500', { token: ownerB });
    const bRecords = (trail.body['data'] as AuditEventView[]).map((e) => e.data as unknown as AuthDeniedData);
    expect(bRecords.reduce((n, r) => n + r.count, 0)).toBe(bRequests.length);
    const byTuple = new Map<string, number>();
    for (const r of bRecords) {
      const tuple = `${r.key_id} ${r.reason} ${r.route}`;
      byTuple.set(tuple, (byTuple.get(tuple) ?? 0) + r.count);
    }
    expect(Object.fromEntries(byTuple)).toEqual({
      [`${bKey.id} insufficient_scope GET /v1/leads`]: 4,
      [`${bKey.id} insufficient_scope GET /v1/invoices/:id`]: 3,
      [`${bRevoked.id} revoked GET /v1/projects`]: 2,
    });
    for (const r of bRecords) {
      expect(r.overflow).toBeUndefined();
      expect(r.sample).toMatchObject({ ip: '198.51.100.20', path_truncated: false });
      expect(r.sample.path_sha256).toMatch(/^[0-9a-f]{64}$/);
    }

    // A's flood is counted in full; its records stay within its budget in every window.
    await waitFor('A’s flood counted', async () => (await storedCount(orgA.org_id)).refusals >= FLOOD, {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    expect((await storedCount(orgA.org_id)).refusals).toBe(FLOOD);
    const perWindow = await sql<{ records: number; overflow: number }>(
      env.db.url,
      `select count(*)::int as records, count(*) filter (where data ? 'overflow')::int as overflow
         from audit.events where type = 'auth.denied' and org_id = $1
        group by data->>'gateway', data->>'window_start'`,
      [orgA.org_id],
    );
    // One reason and status (insufficient_scope, 403): at most one overflow record per window.
    expect(Math.max(...perWindow.map((w) => w.records))).toBeLessThanOrEqual(BUDGET + 1);
    expect(perWindow.some((w) => w.overflow === 1)).toBe(true);
    // B's refusals were never written to A's organisation, nor A's to B's.
    expect((await storedCount(orgB.org_id)).refusals).toBe(bRequests.length);
  });

  it('refusals tied to no organisation land in the system tenant’s trail, never under `unknown` or a real organisation, and no tenant reads them', async () => {
    const [orgA] = env.orgs as [(typeof env.orgs)[0]];
    const ips = ['192.0.2.91', '192.0.2.92', '192.0.2.93'];
    // No credential; a well-formed key nobody issued; a failed sign-in to a real organisation's user.
    expect((await api.call('GET', '/v1/projects', { ip: ips[0] })).status).toBe(401);
    const unknownKey = `lk_live_${'A'.repeat(40)}`;
    expect(
      (
        await api.call('GET', '/v1/projects', {
          ip: ips[1],
          headers: { authorization: `Bearer ${unknownKey}` },
        })
      ).status,
    ).toBe(401);
    const login = await api.call('POST', '/auth/login', {
      ip: ips[2],
      body: { email: orgA.email, password: 'not-the-password-1' },
    });
    expect(login.status).toBe(401);

    const stored = () =>
      sql<{ org_id: string; ip: string; reason: string }>(
        env.db.url,
        `select org_id, data->'sample'->>'ip' as ip, data->>'reason' as reason from audit.events
          where type = 'auth.denied' and data->'sample'->>'ip' = any($1) order by ip`,
        [ips],
      );
    await waitFor('the three refusals stored', async () => (await stored()).length === 3, {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    const rows = await stored();
    expect(rows.map((r) => r.org_id)).toEqual([SYSTEM_ORG_ID, SYSTEM_ORG_ID, SYSTEM_ORG_ID]);
    expect(rows.map((r) => r.reason)).toEqual(['no_credential', expect.any(String), 'identity_refused']);
    expect(
      await sql(env.db.url, `select count(*)::int as n from audit.events where org_id = 'unknown'`),
    ).toEqual([{ n: 0 }]);

    // The organisation whose user failed to sign in does not see it: it is the system's record.
    const owner = await api.login(orgA.email, orgA.password);
    const trail = await api.call('GET', '/audit/events?type=auth.denied&limit=200', { token: owner });
    expect(trail.status).toBe(200);
    const seen = (trail.body['data'] as AuditEventView[]).map(
      (e) => (e.data as unknown as AuthDeniedData).sample.ip,
    );
    expect(seen.filter((ip) => ips.includes(ip))).toEqual([]);
  });

  it('a refused request with the longest path the gateway serves is stored with a bounded path and the hash of the whole', async () => {
    const path = `/v1/${'a'.repeat(MAX_URL_LENGTH - '/v1/'.length)}`;
    const response = await api.call('GET', path, { ip: '192.0.2.44' });
    expect(response.status).toBe(401);
    await waitFor(
      'the refusal with the long path',
      async () =>
        (
          await sql<{ n: number }>(
            env.db.url,
            `select count(*)::int as n from audit.events where type = 'auth.denied'
              and data->'sample'->>'ip' = '192.0.2.44'`,
          )
        )[0]!.n === 1,
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    const [stored] = await sql<{ data: AuthDeniedData; bytes: number }>(
      env.db.url,
      `select data, length(data::text) as bytes from audit.events
        where type = 'auth.denied' and data->'sample'->>'ip' = '192.0.2.44'`,
    );
    expect(stored!.data).toMatchObject({
      reason: 'no_credential',
      route: 'GET /v1/*',
      source_network: '192.0.2.0/24',
      count: 1,
      sample: { path: path.slice(0, 256), path_truncated: true },
    });
    expect(stored!.bytes).toBeLessThan(2048);
  });
});
