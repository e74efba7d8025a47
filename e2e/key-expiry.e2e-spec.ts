import { freePort, sql, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

const PASSWORD = 'latchkey-demo';

/**
 * Expiry warnings and dormancy through the gateway (ADR 0022): an unused key is disabled and
 * refused with `key_dormant` by every gateway replica, an owner or admin enables it and it works
 * again at once; the keys list filters on both. Time passing is simulated by moving a key's
 * creation back in the database: the sweeper runs every 200 ms, as it would every 15 s.
 */
describe('key expiry warnings and dormancy, through the gateway', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let replica: GatewayClient;
  const tokens: Record<'owner' | 'admin' | 'member' | 'viewer' | 'otherOwner', string> = {} as never;

  // Replicas keep a key's snapshot for a minute: a refusal within seconds is the announcement's.
  const gatewayEnv = { TRUSTED_PROXIES: '127.0.0.1', KEY_CACHE_TTL_MS: '60000' };

  beforeAll(async () => {
    env = await startStack('key-expiry', {
      identity: { EXPIRY_SWEEP_MS: '200' },
      gateway: gatewayEnv,
    });
    api = new GatewayClient(env.gateway);
    replica = new GatewayClient(await env.stack.spawnGateway('gateway-2', await freePort(), gatewayEnv));
    tokens.owner = await api.login('owner@acme.example', PASSWORD);
    tokens.admin = await api.login('admin@acme.example', PASSWORD);
    tokens.member = await api.login('member@acme.example', PASSWORD);
    tokens.viewer = await api.login('viewer@acme.example', PASSWORD);
    tokens.otherOwner = await api.login('owner@globex.example', PASSWORD);
    const policy = await api.call('GET', '/admin/policy', { token: tokens.owner });
    const set = await api.call('PUT', '/admin/policy', {
      token: tokens.owner,
      body: { ...policy.body, dormant_after_days: 7 },
    });
    expect(set.body).toMatchObject({ dormant_after_days: 7 });
    await waitFor('both replicas known to identity', async () => {
      const key = await issueKey();
      const revoked = await api.call('POST', `/admin/keys/${key.id}/revoke`, {
        token: tokens.owner,
        body: { reason: 'warm-up' },
      });
      return revoked.body['replicas_known'] === 2;
    });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function issueKey(body: Record<string, unknown> = {}) {
    const response = await api.call('POST', '/admin/keys', {
      token: tokens.owner,
      body: { name: 'dormancy', scopes: ['projects:read'], expires_in_days: 30, ...body },
    });
    if (response.status !== 201)
      throw new Error(`issue: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; secret: string };
  }

  /** The key as if created (and last used) eight days ago: due under dormant_after_days = 7. */
  async function ageKey(id: string) {
    await sql(
      env.db.url,
      `update identity.api_keys set created_at = now() - interval '8 days',
         last_used_at = case when last_used_at is null then null else now() - interval '8 days' end
       where id = $1`,
      [id],
    );
  }

  async function dormantKey() {
    const key = await issueKey();
    await ageKey(key.id);
    await waitFor('the sweeper to disable the key', async () => {
      const read = await api.call('GET', `/admin/keys/${key.id}`, { token: tokens.owner });
      return read.body['status'] === 'dormant';
    });
    return key;
  }

  const projects = (client: GatewayClient, secret: string) =>
    client.call('GET', '/v1/projects', { token: secret });

  it('an unused key is refused with key_dormant by every replica; enabling restores it at once on both', async () => {
    const key = await issueKey();
    // Both replicas hold the key's snapshot.
    for (const client of [api, replica]) expect((await projects(client, key.secret)).status).toBe(200);
    await waitFor('the use to be recorded', async () => {
      const [row] = await sql<{ last_used_at: Date | null }>(
        env.db.url,
        `select last_used_at from identity.api_keys where id = $1`,
        [key.id],
      );
      return row?.last_used_at != null;
    });
    // Both replicas' usage reports are in (they flush every 250 ms): none moves the clock on after.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await ageKey(key.id);
    // No request meanwhile: a request is a use, and a used key is not dormant.
    await waitFor('the sweeper to disable the key', async () => {
      const [row] = await sql<{ status: string }>(
        env.db.url,
        `select status from identity.api_keys where id = $1`,
        [key.id],
      );
      return row?.status === 'dormant';
    });
    for (const client of [api, replica]) {
      // Within moments of the commit, not after the snapshots' minute of freshness.
      await waitFor(
        'the replica to refuse the dormant key',
        async () => (await projects(client, key.secret)).status === 403,
        {
          timeoutMs: 3_000,
        },
      );
      const refused = await projects(client, key.secret);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ code: 'key_dormant', status: 403 });
    }
    const read = await api.call('GET', `/admin/keys/${key.id}`, { token: tokens.owner });
    expect(read.body).toMatchObject({ status: 'dormant', dormant_at: expect.any(String) });
    // A dormant key cannot be exchanged for access tokens either.
    const exchanged = await api.call('POST', '/auth/token', { body: { api_key: key.secret } });
    expect(exchanged.status).toBe(401);

    const enabled = await api.call('POST', `/admin/keys/${key.id}/enable`, { token: tokens.admin });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ status: 'active', dormant_at: null, replicas_known: 2 });
    expect(enabled.body['replicas_confirmed']).toBe(2);
    // At once, on both replicas: they confirmed before the answer.
    for (const client of [api, replica]) expect((await projects(client, key.secret)).status).toBe(200);
    // Its clock restarted: the sweeper does not disable it again.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await projects(api, key.secret)).status).toBe(200);

    const events = await sql<{ type: string; data: Record<string, unknown> }>(
      env.db.url,
      `select payload->>'type' as type, payload->'data' as data from identity.outbox
        where payload->>'subject' = $1 order by created_at`,
      [key.id],
    );
    const types = events.map((e) => e.type.replace('dev.latchkey.', ''));
    expect(types).toEqual(expect.arrayContaining(['key.dormant', 'key.enabled']));
    expect(types.filter((t) => t === 'key.dormant')).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(key.secret);
  });

  it('enabling: owner and admin succeed, member and viewer 403, no token 401, other org 404, an active key 409', async () => {
    for (const role of ['owner', 'admin'] as const) {
      const key = await dormantKey();
      const response = await api.call('POST', `/admin/keys/${key.id}/enable`, { token: tokens[role] });
      expect({ role, status: response.status }).toEqual({ role, status: 200 });
    }
    const key = await dormantKey();
    for (const role of ['member', 'viewer'] as const) {
      const response = await api.call('POST', `/admin/keys/${key.id}/enable`, { token: tokens[role] });
      expect({ role, status: response.status, code: response.body['code'] }).toEqual({
        role,
        status: 403,
        code: 'forbidden',
      });
    }
    expect((await api.call('POST', `/admin/keys/${key.id}/enable`)).status).toBe(401);
    const foreign = await api.call('POST', `/admin/keys/${key.id}/enable`, { token: tokens.otherOwner });
    expect({ status: foreign.status, code: foreign.body['code'] }).toEqual({
      status: 404,
      code: 'not_found',
    });
    // None of the refusals changed it.
    const read = await api.call('GET', `/admin/keys/${key.id}`, { token: tokens.owner });
    expect(read.body['status']).toBe('dormant');
    const active = await issueKey();
    const conflict = await api.call('POST', `/admin/keys/${active.id}/enable`, { token: tokens.owner });
    expect({ status: conflict.status, code: conflict.body['code'] }).toEqual({
      status: 409,
      code: 'conflict',
    });
  });

  it('the list filters dormant keys and keys expiring within N days; bad filters are a 400', async () => {
    const dormant = await dormantKey();
    const listed = await api.call('GET', '/admin/keys?status=dormant&limit=100', { token: tokens.owner });
    expect(listed.status).toBe(200);
    const dormantIds = (listed.body['data'] as { id: string; status: string }[]).map((k) => k.id);
    expect(dormantIds).toContain(dormant.id);
    expect((listed.body['data'] as { status: string }[]).every((k) => k.status === 'dormant')).toBe(true);

    const soon = await issueKey({ name: 'expiring-filter', expires_in_days: 7 });
    const later = await issueKey({ name: 'expiring-filter', expires_in_days: 60 });
    const within = await api.call('GET', '/admin/keys?expiring_within_days=10&q=expiring-filter', {
      token: tokens.owner,
    });
    expect(within.status).toBe(200);
    const ids = (within.body['data'] as { id: string }[]).map((k) => k.id);
    expect(ids).toContain(soon.id);
    expect(ids).not.toContain(later.id);

    for (const query of ['expiring_within_days=0', 'expiring_within_days=soon', 'status=sleeping']) {
      const bad = await api.call('GET', `/admin/keys?${query}`, { token: tokens.owner });
      expect({ query, status: bad.status, code: bad.body['code'] }).toEqual({
        query,
        status: 400,
        code: 'invalid_request',
      });
    }
    const policy = await api.call('GET', '/admin/policy', { token: tokens.owner });
    const badPolicy = await api.call('PUT', '/admin/policy', {
      token: tokens.owner,
      body: { ...policy.body, dormant_after_days: 3 },
    });
    expect({ status: badPolicy.status, code: badPolicy.body['code'] }).toEqual({
      status: 400,
      code: 'invalid_request',
    });
  });

  it('a key nearing its expiry is warned once per threshold (key.expiring in the outbox)', async () => {
    const week = await issueKey({ name: 'warned', expires_in_days: 7 });
    const month = await issueKey({ name: 'warned', expires_in_days: 30 });
    const warnings = async (id: string) =>
      sql<{ days_left: number }>(
        env.db.url,
        `select (payload->'data'->>'days_left')::int as days_left from identity.outbox
          where payload->>'subject' = $1 and payload->>'type' = 'dev.latchkey.key.expiring'`,
        [id],
      );
    await waitFor(
      'both warnings',
      async () => (await warnings(week.id)).length > 0 && (await warnings(month.id)).length > 0,
    );
    // Several more sweeps run; still one each.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await warnings(week.id)).toEqual([{ days_left: 7 }]);
    expect(await warnings(month.id)).toEqual([{ days_left: 30 }]);
  });
});
