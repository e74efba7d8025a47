import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { newId } from '@latchkey/auth-core';
import { sql, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(180_000);

const PASSWORD = 'latchkey-demo';

describe('identity: the lifecycle of keys, users and policy, through the gateway', () => {
  let env: RunningStack;
  let api: GatewayClient;
  const tokens: Record<'owner' | 'admin' | 'member' | 'viewer' | 'otherOwner', string> = {} as never;
  /** Every secret the tests see, to prove none of them leaks into events or logs. */
  const secrets = new Set<string>();

  beforeAll(async () => {
    env = await startStack('identity', {
      identity: {
        EXPIRY_SWEEP_MS: '200',
        LOGIN_FAILURES_BEFORE_DELAY: '5',
        LOGIN_SOURCE_MAX_FAILURES: '8',
        ISSUANCE_WINDOW_SECONDS: '1',
      },
      gateway: { TRUSTED_PROXIES: '127.0.0.1' },
    });
    api = new GatewayClient(env.gateway);
    tokens.owner = await api.login('owner@acme.example', PASSWORD);
    tokens.admin = await api.login('admin@acme.example', PASSWORD);
    tokens.member = await api.login('member@acme.example', PASSWORD);
    tokens.viewer = await api.login('viewer@acme.example', PASSWORD);
    tokens.otherOwner = await api.login('owner@globex.example', PASSWORD);
    for (const org of env.orgs) if (org.demo_key) secrets.add(org.demo_key);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function createKey(token: string, body: Record<string, unknown> = {}) {
    const response = await api.call('POST', '/admin/keys', {
      token,
      body: { name: 'integration', scopes: ['projects:read'], expires_in_days: 30, ...body },
    });
    if (typeof response.body['secret'] === 'string') secrets.add(response.body['secret']);
    return response;
  }

  const projectsWith = (secret: string) => api.call('GET', '/v1/projects', { token: secret });

  describe('every identity route, by role', () => {
    interface RouteCase {
      name: string;
      /** Builds the request against fresh resources of the caller's organisation (owner-made). */
      request: () => Promise<{ method: string; path: string; body?: unknown; badBody?: unknown }>;
      success: number;
      /** Every role may call it (ADR 0019: reads); else members and viewers get 403. */
      readers?: true;
    }
    const freshKeyId = async () => (await createKey(tokens.owner)).body['id'] as string;
    const freshUserId = async () =>
      (
        await api.call('POST', '/admin/users', {
          token: tokens.owner,
          body: {
            email: `u${Date.now()}${Math.random()}@acme.example`,
            name: 'Temp',
            role: 'viewer',
            password: 'a-long-password-1',
          },
        })
      ).body['id'] as string;
    const freshWebhookId = async () =>
      (await api.call('POST', '/admin/webhooks', { token: tokens.owner, body: { name: 'CRM' } })).body[
        'id'
      ] as string;

    const routes: RouteCase[] = [
      {
        name: 'POST /admin/keys',
        success: 201,
        request: async () => ({
          method: 'POST',
          path: '/admin/keys',
          body: { name: 'k', scopes: ['leads:read'], expires_in_days: 7 },
          badBody: { name: 'k', scopes: ['leads:read'], expires_in_days: 8 },
        }),
      },
      {
        name: 'GET /admin/keys',
        success: 200,
        readers: true,
        request: async () => ({ method: 'GET', path: '/admin/keys' }),
      },
      {
        name: 'GET /admin/keys/:id',
        success: 200,
        readers: true,
        request: async () => ({ method: 'GET', path: `/admin/keys/${await freshKeyId()}` }),
      },
      {
        name: 'PATCH /admin/keys/:id',
        success: 200,
        request: async () => ({
          method: 'PATCH',
          path: `/admin/keys/${await freshKeyId()}`,
          body: { name: 'renamed' },
          badBody: { allowed_ips: ['10.0.0.0/33'] },
        }),
      },
      {
        name: 'POST /admin/keys/:id/rotate',
        success: 200,
        request: async () => ({
          method: 'POST',
          path: `/admin/keys/${await freshKeyId()}/rotate`,
          body: { grace_seconds: 60 },
          badBody: { grace_seconds: 604_801 },
        }),
      },
      {
        name: 'POST /admin/keys/:id/revoke',
        success: 200,
        request: async () => ({
          method: 'POST',
          path: `/admin/keys/${await freshKeyId()}/revoke`,
          body: { reason: 'test' },
          badBody: { reason: '' },
        }),
      },
      {
        name: 'DELETE /admin/keys/:id',
        success: 204,
        request: async () => ({ method: 'DELETE', path: `/admin/keys/${await freshKeyId()}` }),
      },
      {
        name: 'GET /admin/users',
        success: 200,
        readers: true,
        request: async () => ({ method: 'GET', path: '/admin/users' }),
      },
      {
        name: 'GET /admin/users/:id',
        success: 200,
        readers: true,
        request: async () => ({ method: 'GET', path: `/admin/users/${await freshUserId()}` }),
      },
      {
        name: 'POST /admin/users',
        success: 201,
        request: async () => ({
          method: 'POST',
          path: '/admin/users',
          body: {
            email: `n${Date.now()}${Math.random()}@acme.example`,
            name: 'New',
            role: 'viewer',
            password: 'a-long-password-1',
          },
          badBody: { email: 'not-an-email', name: 'x', role: 'viewer', password: 'a-long-password-1' },
        }),
      },
      {
        name: 'PATCH /admin/users/:id',
        success: 200,
        request: async () => ({
          method: 'PATCH',
          path: `/admin/users/${await freshUserId()}`,
          body: { role: 'member' },
          badBody: { role: 'superuser' },
        }),
      },
      {
        name: 'POST /admin/users/:id/password',
        success: 200,
        request: async () => ({
          method: 'POST',
          path: `/admin/users/${await freshUserId()}/password`,
          body: { new_password: 'a-new-long-password' },
          badBody: { new_password: 'short' },
        }),
      },
      {
        name: 'DELETE /admin/users/:id',
        success: 200,
        request: async () => ({ method: 'DELETE', path: `/admin/users/${await freshUserId()}` }),
      },
      {
        name: 'GET /admin/policy',
        success: 200,
        readers: true,
        request: async () => ({ method: 'GET', path: '/admin/policy' }),
      },
      {
        name: 'PUT /admin/policy',
        success: 200,
        request: async () => ({
          method: 'PUT',
          path: '/admin/policy',
          body: {},
          badBody: { max_key_lifetime_days: -1 },
        }),
      },
      {
        name: 'POST /admin/webhooks',
        success: 201,
        request: async () => ({
          method: 'POST',
          path: '/admin/webhooks',
          body: { name: 'billing' },
          badBody: { name: '' },
        }),
      },
      {
        name: 'GET /admin/webhooks',
        success: 200,
        readers: true,
        request: async () => ({ method: 'GET', path: '/admin/webhooks' }),
      },
      {
        name: 'GET /admin/webhooks/:id',
        success: 200,
        readers: true,
        request: async () => ({ method: 'GET', path: `/admin/webhooks/${await freshWebhookId()}` }),
      },
      {
        name: 'POST /admin/webhooks/:id/regenerate',
        success: 200,
        request: async () => ({
          method: 'POST',
          path: `/admin/webhooks/${await freshWebhookId()}/regenerate`,
        }),
      },
      {
        name: 'POST /admin/webhooks/:id/revoke',
        success: 200,
        request: async () => ({ method: 'POST', path: `/admin/webhooks/${await freshWebhookId()}/revoke` }),
      },
    ];

    it.each(routes)(
      '$name: owner and admin succeed, member and viewer read only (403 on writes), no token 401, other org 404, bad input 400',
      async (route) => {
        for (const role of ['owner', 'admin'] as const) {
          const { method, path, body } = await route.request();
          const response = await api.call(method, path, {
            token: tokens[role],
            ...(body !== undefined ? { body } : {}),
          });
          expect({ role, status: response.status, body: response.body }).toMatchObject({
            role,
            status: route.success,
          });
          if (typeof response.body['secret'] === 'string') secrets.add(response.body['secret']);
        }
        for (const role of ['member', 'viewer'] as const) {
          const { method, path, body } = await route.request();
          const response = await api.call(method, path, {
            token: tokens[role],
            ...(body !== undefined ? { body } : {}),
          });
          if (route.readers) {
            expect({ role, status: response.status }).toEqual({ role, status: route.success });
            continue;
          }
          expect({ role, status: response.status, code: response.body['code'] }).toEqual({
            role,
            status: 403,
            code: 'forbidden',
          });
        }
        const anonymous = await route.request();
        const unauthenticated = await api.call(
          anonymous.method,
          anonymous.path,
          anonymous.body !== undefined ? { body: anonymous.body } : {},
        );
        expect(unauthenticated.status).toBe(401);
        expect(unauthenticated.headers.get('content-type')).toMatch(/^application\/problem\+json/);

        const target = await route.request();
        if (/\/(key|usr|whc)_/.test(target.path)) {
          const foreign = await api.call(target.method, target.path, {
            token: tokens.otherOwner,
            ...(target.body !== undefined ? { body: target.body } : {}),
          });
          expect({ status: foreign.status, code: foreign.body['code'] }).toEqual({
            status: 404,
            code: 'not_found',
          });
        }
        if (target.badBody !== undefined) {
          const bad = await api.call(target.method, target.path, {
            token: tokens.owner,
            body: target.badBody,
          });
          expect({ status: bad.status, code: bad.body['code'] }).toEqual({
            status: 400,
            code: 'invalid_request',
          });
          expect(typeof bad.body['detail']).toBe('string');
        }
      },
    );
  });

  describe('bad input names the field and writes nothing', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['unknown field', { name: 'k', scopes: ['projects:read'], colour: 'blue' }, 'colour'],
      ['wrong type', { name: 42, scopes: ['projects:read'] }, 'name'],
      ['scope outside the grammar', { name: 'k', scopes: ['projects read'] }, 'scopes'],
      ['unknown resource', { name: 'k', scopes: ['rockets:launch'] }, 'scopes'],
      [
        'malformed CIDR',
        { name: 'k', scopes: ['projects:read'], allowed_ips: ['10.0.0.300/8'] },
        'allowed_ips',
      ],
      [
        'path without leading slash',
        { name: 'k', scopes: ['projects:read'], allowed_paths: ['v1/projects'] },
        'allowed_paths',
      ],
      [
        'expiry in the past',
        { name: 'k', scopes: ['projects:read'], expires_at: '2020-01-01T00:00:00Z' },
        'expires_at',
      ],
      [
        'both expiry forms',
        { name: 'k', scopes: ['projects:read'], expires_in_days: 7, expires_at: '2099-01-01T00:00:00Z' },
        'expires_at',
      ],
    ];
    it.each(cases)('%s', async (_name, body, field) => {
      const before = await sql(env.db.url, 'select count(*)::int as n from identity.api_keys');
      const response = await api.call('POST', '/admin/keys', { token: tokens.owner, body });
      expect(response.status).toBe(400);
      expect(response.body['code']).toBe('invalid_request');
      expect(String(response.body['detail'])).toContain(field);
      expect(await sql(env.db.url, 'select count(*)::int as n from identity.api_keys')).toEqual(before);
    });

    it('grace beyond the maximum is refused', async () => {
      const id = (await createKey(tokens.owner)).body['id'] as string;
      const response = await api.call('POST', `/admin/keys/${id}/rotate`, {
        token: tokens.owner,
        body: { grace_seconds: 700_000 },
      });
      expect(response.status).toBe(400);
      expect(String(response.body['detail'])).toContain('grace_seconds');
    });
  });

  it('a key never receives a scope its creator lacks, and an admin cannot create or raise anyone to owner', async () => {
    // Owners hold every scope, so escalation is tested with the rules that bind admins.
    const asAdmin = await api.call('POST', '/admin/users', {
      token: tokens.admin,
      body: {
        email: `boss${Date.now()}@acme.example`,
        name: 'Boss',
        role: 'owner',
        password: 'a-long-password-1',
      },
    });
    expect(asAdmin.status).toBe(403);
    const victim = await api.call('POST', '/admin/users', {
      token: tokens.admin,
      body: {
        email: `m${Date.now()}@acme.example`,
        name: 'Member',
        role: 'member',
        password: 'a-long-password-1',
      },
    });
    expect(victim.status).toBe(201);
    const promote = await api.call('PATCH', `/admin/users/${String(victim.body['id'])}`, {
      token: tokens.admin,
      body: { role: 'owner' },
    });
    expect(promote.status).toBe(403);
    const ownerRow = await sql<{ id: string }>(
      env.db.url,
      "select id from identity.users where email = 'owner@acme.example'",
    );
    const demote = await api.call('PATCH', `/admin/users/${ownerRow[0]!.id}`, {
      token: tokens.admin,
      body: { role: 'viewer' },
    });
    expect(demote.status).toBe(403);
  });

  it('two owners demoting, disabling or removing each other at once never leave an organisation without an active owner', async () => {
    const change = [
      (id: string, token: string) =>
        api.call('PATCH', `/admin/users/${id}`, { token, body: { role: 'admin' } }),
      (id: string, token: string) =>
        api.call('PATCH', `/admin/users/${id}`, { token, body: { status: 'disabled' } }),
      (id: string, token: string) => api.call('DELETE', `/admin/users/${id}`, { token }),
    ];
    for (let round = 0; round < 12; round++) {
      // An organisation of exactly two owners, made in SQL (organisations are seeded, not created
      // through the API); the password hash is a seeded user's, so both sign in with the demo password.
      const [org, a, b] = [newId('org'), newId('usr'), newId('usr')];
      await sql(
        env.db.url,
        `with o as (insert into identity.organisations (id, name) values ($1, 'Race') returning id)
         insert into identity.users (id, org_id, email, name, password_hash, role)
         select u.id, o.id, lower(u.id) || '@race.example', 'Owner', s.password_hash, 'owner'
           from o, (values ($2), ($3)) as u(id),
                (select password_hash from identity.users where email = 'owner@acme.example') s`,
        [org, a, b],
      );
      const [tokenA, tokenB] = await Promise.all(
        [a, b].map((id) => api.login(`${id.toLowerCase()}@race.example`, PASSWORD)),
      );
      const answers = await Promise.all([
        change[round % 3]!(b, tokenA!),
        change[(round + 1) % 3]!(a, tokenB!),
      ]);
      const [{ owners }] = (await sql<{ owners: number }>(
        env.db.url,
        `select count(*)::int as owners from identity.users
          where org_id = $1 and role = 'owner' and status = 'active'`,
        [org],
      )) as [{ owners: number }];
      // One change wins; the other is refused (409, or 401 if it arrived after its caller's own
      // credentials changed).
      const statuses = answers.map((r) => r.status);
      expect({ round, owners, succeeded: statuses.filter((s) => s < 300).length }).toEqual({
        round,
        owners: 1,
        succeeded: 1,
      });
    }
  });

  it("a demoted or disabled user's older tokens stop working at once, at identity and at the gateway", async () => {
    const email = `demoted${Date.now()}@acme.example`;
    const created = await api.call('POST', '/admin/users', {
      token: tokens.owner,
      body: { email, name: 'Soon demoted', role: 'admin', password: 'a-long-password-1' },
    });
    expect(created.status).toBe(201);
    const userId = created.body['id'] as string;
    const asAdmin = await api.login(email, 'a-long-password-1');
    expect((await api.call('GET', '/audit/events', { token: asAdmin })).status).toBe(200);
    expect((await api.call('GET', '/admin/keys', { token: asAdmin })).status).toBe(200);

    const demoted = await api.call('PATCH', `/admin/users/${userId}`, {
      token: tokens.owner,
      body: { role: 'viewer' },
    });
    expect(demoted.status).toBe(200);
    // The token still says admin for hours: identity checks the user, the gateway hears of the change.
    expect((await api.call('GET', '/admin/keys', { token: asAdmin })).status).toBe(401);
    await waitFor(
      'the gateway refuses the admin token',
      async () => (await api.call('GET', '/audit/events', { token: asAdmin })).status === 401,
      { timeoutMs: 5000 },
    );
    // Signing in again gives a viewer's token: reads yes (ADR 0019), an admin's writes no.
    const asViewer = await api.login(email, 'a-long-password-1');
    expect((await api.call('GET', '/v1/projects', { token: asViewer })).status).toBe(200);
    expect((await api.call('GET', '/audit/events', { token: asViewer })).status).toBe(200);
    const write = await api.call('POST', '/admin/keys', {
      token: asViewer,
      body: { name: 'by a demoted admin', scopes: ['leads:read'], expires_in_days: 7 },
    });
    expect({ status: write.status, code: write.body['code'] }).toEqual({ status: 403, code: 'forbidden' });

    const disabled = await api.call('PATCH', `/admin/users/${userId}`, {
      token: tokens.owner,
      body: { status: 'disabled' },
    });
    expect(disabled.status).toBe(200);
    await waitFor(
      "the gateway refuses the disabled user's token",
      async () => (await api.call('GET', '/v1/projects', { token: asViewer })).status === 401,
      { timeoutMs: 5000 },
    );
  });

  it('rotation: the old secret works until the grace end, then 401; the new one works', async () => {
    const created = await createKey(tokens.owner);
    const oldSecret = created.body['secret'] as string;
    expect((await projectsWith(oldSecret)).status).toBe(200);
    const rotated = await api.call('POST', `/admin/keys/${String(created.body['id'])}/rotate`, {
      token: tokens.owner,
      body: { grace_seconds: 2 },
    });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body['secret'] as string;
    secrets.add(newSecret);
    expect(newSecret).not.toBe(oldSecret);
    expect((await projectsWith(newSecret)).status).toBe(200);
    expect((await projectsWith(oldSecret)).status).toBe(200);
    await waitFor('the grace window to end', async () => (await projectsWith(oldSecret)).status === 401, {
      timeoutMs: 15_000,
      intervalMs: 250,
    });
    expect((await projectsWith(newSecret)).status).toBe(200);
  });

  it('a change that waits for a revocation in flight sees it: renewing an expired key does not undo a revocation', async () => {
    const created = await createKey(tokens.owner);
    const id = created.body['id'] as string;
    await sql(
      env.db.url,
      `update identity.api_keys set status = 'expired', expires_at = now() - interval '1 day' where id = $1`,
      [id],
    );
    // Another writer (a revocation) holds the key's row while the renewal comes in.
    const revoker = new Client({ connectionString: env.db.url });
    await revoker.connect();
    try {
      await revoker.query('begin');
      await revoker.query('select id from identity.api_keys where id = $1 for update', [id]);
      const renewal = api.call('POST', `/admin/keys/${id}/rotate`, {
        token: tokens.owner,
        body: { grace_seconds: 0, expires_in_days: 7 },
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await revoker.query(
        `update identity.api_keys set status = 'revoked', revoked_at = now(), revoked_reason = 'leaked' where id = $1`,
        [id],
      );
      await revoker.query('commit');
      // The renewal read the key only once the revocation was committed: it is refused.
      expect((await renewal).status).toBe(409);
    } finally {
      await revoker.end();
    }
    const [row] = await sql<{ status: string }>(
      env.db.url,
      'select status from identity.api_keys where id = $1',
      [id],
    );
    expect(row!.status).toBe('revoked');
  });

  it('a key shows when it was last used', async () => {
    const created = await createKey(tokens.owner);
    expect(created.body['last_used_at']).toBeNull();
    expect((await projectsWith(created.body['secret'] as string)).status).toBe(200);
    await waitFor(
      'last_used_at to be set from key.used',
      async () => {
        const key = await api.call('GET', `/admin/keys/${String(created.body['id'])}`, {
          token: tokens.owner,
        });
        return typeof key.body['last_used_at'] === 'string';
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
  });

  it('regenerate: the old secret fails at once, with a new expiry', async () => {
    const created = await createKey(tokens.owner);
    const oldSecret = created.body['secret'] as string;
    expect((await projectsWith(oldSecret)).status).toBe(200);
    const regenerated = await api.call('POST', `/admin/keys/${String(created.body['id'])}/rotate`, {
      token: tokens.owner,
      body: { grace_seconds: 0, expires_in_days: 90 },
    });
    expect(regenerated.status).toBe(200);
    secrets.add(regenerated.body['secret'] as string);
    const expiresAt = Date.parse(String(regenerated.body['expires_at']));
    expect(Math.abs(expiresAt - (Date.now() + 90 * 86_400_000))).toBeLessThan(60_000);
    expect((await projectsWith(oldSecret)).status).toBe(401);
    expect((await projectsWith(regenerated.body['secret'] as string)).status).toBe(200);
  });

  it('expiry: a key is refused within a second of expires_at, and the sweeper marks it expired', async () => {
    const expiresAt = new Date(Date.now() + 2500).toISOString();
    const created = await createKey(tokens.owner, { expires_in_days: undefined, expires_at: expiresAt });
    expect(created.status).toBe(201);
    const secret = created.body['secret'] as string;
    expect((await projectsWith(secret)).status).toBe(200);
    await waitFor('the key to be refused', async () => (await projectsWith(secret)).status === 401, {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    expect(Date.now() - Date.parse(expiresAt)).toBeLessThan(1000);
    await waitFor(
      'the sweeper to mark it expired',
      async () => {
        const rows = await sql<{ status: string }>(
          env.db.url,
          'select status from identity.api_keys where id = $1',
          [created.body['id']],
        );
        return rows[0]?.status === 'expired';
      },
      { timeoutMs: 10_000 },
    );

    // An expired key is renewed only by regenerating it with a new expiry.
    const path = `/admin/keys/${String(created.body['id'])}/rotate`;
    const withoutExpiry = await api.call('POST', path, { token: tokens.owner, body: { grace_seconds: 0 } });
    expect(withoutExpiry.status).toBe(400);
    expect(withoutExpiry.body['detail']).toContain('has expired');
    const renewed = await api.call('POST', path, {
      token: tokens.owner,
      body: { grace_seconds: 0, expires_in_days: 7 },
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body['status']).toBe('active');
    expect((await projectsWith(renewed.body['secret'] as string)).status).toBe(200);
    expect((await projectsWith(secret)).status).toBe(401);
  });

  it('the key list filters by status (expiring soon included), environment and name, with a cursor', async () => {
    const tag = `list-${Date.now()}`;
    const soon = await createKey(tokens.owner, { name: `${tag} soon`, expires_in_days: 7 });
    const later = await createKey(tokens.owner, {
      name: `${tag} later`,
      expires_in_days: 90,
      environment: 'test',
    });
    const gone = await createKey(tokens.owner, { name: `${tag} gone` });
    await api.call('POST', `/admin/keys/${String(gone.body['id'])}/revoke`, {
      token: tokens.owner,
      body: { reason: 'x' },
    });
    const names = async (query: string) => {
      const page = await api.call('GET', `/admin/keys?q=${tag}&${query}`, { token: tokens.owner });
      expect(page.status).toBe(200);
      return (page.body['data'] as { name: string }[]).map((k) => k.name).sort();
    };
    expect(await names('status=expiring_soon')).toEqual([`${tag} soon`]);
    expect(await names('status=active')).toEqual([`${tag} later`, `${tag} soon`]);
    expect(await names('status=revoked')).toEqual([`${tag} gone`]);
    expect(await names('environment=test')).toEqual([`${tag} later`]);
    expect(soon.body['expiring_soon']).toBe(true);
    expect(later.body['expiring_soon']).toBe(false);

    const first = await api.call('GET', `/admin/keys?q=${tag}&limit=2`, { token: tokens.owner });
    const second = await api.call(
      'GET',
      `/admin/keys?q=${tag}&limit=2&cursor=${String(first.body['next_cursor'])}`,
      {
        token: tokens.owner,
      },
    );
    const paged = [
      ...(first.body['data'] as { name: string }[]),
      ...(second.body['data'] as { name: string }[]),
    ];
    expect(paged.map((k) => k.name).sort()).toEqual([`${tag} gone`, `${tag} later`, `${tag} soon`]);
    expect(second.body['next_cursor']).toBeNull();
    const bad = await api.call('GET', '/admin/keys?status=sleeping', { token: tokens.owner });
    expect(bad.status).toBe(400);
  });

  it('revocation reports the gateway replicas that confirmed, and the key is refused at once', async () => {
    const created = await createKey(tokens.owner);
    const secret = created.body['secret'] as string;
    expect((await projectsWith(secret)).status).toBe(200);
    const revoked = await api.call('POST', `/admin/keys/${String(created.body['id'])}/revoke`, {
      token: tokens.owner,
      body: { reason: 'leaked in a log' },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      status: 'revoked',
      revoked_reason: 'leaked in a log',
      replicas_confirmed: 1,
      replicas_known: 1,
    });
    expect((await projectsWith(secret)).status).toBe(401);
  });

  it('policy: violations get 400 invalid_request naming the rule', async () => {
    const put = await api.call('PUT', '/admin/policy', {
      token: tokens.otherOwner,
      body: {
        max_key_lifetime_days: 30,
        allow_never_expiring_keys: false,
        write_scopes_require_ip_allowlist: true,
      },
    });
    expect(put.status).toBe(200);
    const attempts: [Record<string, unknown>, string][] = [
      [{ name: 'k', scopes: ['projects:read'], expires_at: null }, 'allow_never_expiring_keys'],
      [{ name: 'k', scopes: ['projects:read'], expires_in_days: 60 }, 'max_key_lifetime_days'],
      [{ name: 'k', scopes: ['projects:write'], expires_in_days: 30 }, 'write_scopes_require_ip_allowlist'],
    ];
    for (const [body, rule] of attempts) {
      const response = await api.call('POST', '/admin/keys', { token: tokens.otherOwner, body });
      expect({ status: response.status, code: response.body['code'], rule: response.body['rule'] }).toEqual({
        status: 400,
        code: 'invalid_request',
        rule,
      });
    }
    const ok = await createKey(tokens.otherOwner, {
      scopes: ['projects:write'],
      allowed_ips: ['203.0.113.0/24'],
      expires_in_days: 30,
    });
    expect(ok.status).toBe(201);
  });

  it('failed logins are throttled per account and source, and per source across accounts, with Retry-After', async () => {
    const account = await api.call('POST', '/admin/users', {
      token: tokens.owner,
      body: {
        email: `throttle${Date.now()}@acme.example`,
        name: 'T',
        role: 'viewer',
        password: 'a-long-password-1',
      },
    });
    const email = account.body['email'] as string;
    const attacker = '203.0.113.76';
    let last = 0;
    for (let i = 0; i < 6; i++)
      last = (
        await api.call('POST', '/auth/login', { ip: attacker, body: { email, password: 'wrong-password' } })
      ).status;
    expect(last).toBe(429);
    // From the address that failed, the right password waits too; from the owner's own, it does not.
    const locked = await api.call('POST', '/auth/login', {
      ip: attacker,
      body: { email, password: 'a-long-password-1' },
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      (
        await api.call('POST', '/auth/login', {
          ip: '198.51.100.40',
          body: { email, password: 'a-long-password-1' },
        })
      ).status,
    ).toBe(200);

    const ip = '203.0.113.77';
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      statuses.push(
        (
          await api.call('POST', '/auth/login', {
            ip,
            body: { email: `nobody${i}@acme.example`, password: 'x' },
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses[8]).toBe(429);
    // Another client is unaffected.
    expect(
      (await api.call('POST', '/auth/login', { body: { email: 'owner@acme.example', password: PASSWORD } }))
        .status,
    ).toBe(200);
  });

  it('access tokens: a key exchanged for a token works until the key is revoked', async () => {
    const created = await createKey(tokens.owner);
    const secret = created.body['secret'] as string;
    const byKey = await api.call('POST', '/auth/token', { body: { api_key: secret } });
    expect(byKey.status).toBe(200);
    expect(byKey.body['expires_in']).toBe(900);
    const byPair = await api.call('POST', '/auth/token', {
      body: { public_id: created.body['public_id'], secret },
    });
    expect(byPair.status).toBe(200);
    const accessToken = byKey.body['access_token'] as string;
    secrets.add(accessToken);
    expect((await api.call('GET', '/v1/projects', { token: accessToken })).status).toBe(200);
    await api.call('POST', `/admin/keys/${String(created.body['id'])}/revoke`, {
      token: tokens.owner,
      body: { reason: 'done' },
    });
    const after = await api.call('GET', '/v1/projects', { token: accessToken });
    expect(after.status).toBe(401);
    expect(after.body['code']).toBe('invalid_token');
    expect((await api.call('POST', '/auth/token', { body: { api_key: secret } })).status).toBe(401);
  });

  it('webhook connections generate a key restricted to their own ingest path', async () => {
    const created = await api.call('POST', '/admin/webhooks', {
      token: tokens.owner,
      body: { name: 'Payments' },
    });
    expect(created.status).toBe(201);
    const id = created.body['id'] as string;
    const secret = created.body['secret'] as string;
    secrets.add(secret);
    const key = await api.call('GET', `/admin/keys/${String(created.body['key_id'])}`, {
      token: tokens.owner,
    });
    expect(key.body).toMatchObject({
      scopes: [`webhooks:write@${id}`],
      allowed_paths: [`/v1/webhooks/${id}/*`],
    });
    // Anything else is refused at the gateway.
    expect((await projectsWith(secret)).status).toBe(403);
    const regenerated = await api.call('POST', `/admin/webhooks/${id}/regenerate`, { token: tokens.owner });
    secrets.add(regenerated.body['secret'] as string);
    expect(regenerated.body['secret']).not.toBe(secret);
    const revoked = await api.call('POST', `/admin/webhooks/${id}/revoke`, { token: tokens.owner });
    expect(revoked.body).toMatchObject({ status: 'revoked' });
  });

  it('the OpenAPI document is generated from the code and served at /docs through the gateway', async () => {
    const page = await fetch(`${env.gateway}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/docs/openapi.json');
    expect((await fetch(`${env.gateway}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
    const doc = (await (await fetch(`${env.gateway}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown; 'x-required-scope'?: string }>>;
    };
    // Identity's operations come with the zod schemas their handlers parse with.
    const create = doc.paths['/admin/keys']?.['post'] as {
      requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
    };
    expect(Object.keys(create.requestBody.content['application/json']!.schema.properties)).toEqual(
      expect.arrayContaining(['name', 'scopes', 'expires_in_days', 'allowed_ips']),
    );
    for (const path of [
      '/admin/users',
      '/admin/policy',
      '/admin/webhooks',
      '/auth/login',
      '/auth/token',
      '/admin/keys/{id}/rotate',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    // Data operations carry the scope the gateway enforces.
    expect(doc.paths['/v1/projects']?.['get']?.['x-required-scope']).toBe('projects:read');
    expect(doc.paths['/v1/invoices/{id}']?.['patch']?.['x-required-scope']).toBe('invoices:write');
    // The document as served (built from the route declarations at startup) validates too.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  it('real refusals answer a documented status with the documented problem', async () => {
    const doc = (await (await fetch(`${env.gateway}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: { Problem: { required: string[] } } };
    };
    const cases = [
      { method: 'GET', path: '/v1/projects', init: {}, status: 401 },
      { method: 'POST', path: '/auth/login', init: { body: '{}' }, status: 400 },
      { method: 'GET', path: '/admin/keys', init: {}, status: 401 },
    ];
    for (const { method, path, init, status } of cases) {
      const answer = await fetch(`${env.gateway}${path}`, {
        method,
        ...init,
        headers: { 'content-type': 'application/json' },
      });
      expect(`${method} ${path} ${answer.status}`).toBe(`${method} ${path} ${status}`);
      expect(doc.paths[path]?.[method.toLowerCase()]?.responses[String(status)]).toMatchObject({
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      });
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await answer.json()) as Record<string, unknown>;
      for (const field of doc.components.schemas.Problem.required) expect(body).toHaveProperty(field);
      expect(body['status']).toBe(status);
    }
  });

  it('every change emits its event through the outbox, with actor, request id and client IP, and no secret anywhere', async () => {
    const types = new Set<string>();
    const payloads: string[] = [];
    await waitFor(
      'the outbox to drain',
      async () =>
        (
          await sql<{ n: number }>(
            env.db.url,
            'select count(*)::int as n from identity.outbox where published_at is null',
          )
        )[0]?.n === 0,
      { timeoutMs: 15_000 },
    );
    const nc = await env.bus.server.connect('operator');
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(env.bus.stream);
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
        const message = await jsm.streams.getMessage(env.bus.stream, { seq }).catch(() => null);
        if (!message) continue;
        const text = new TextDecoder().decode(message.data);
        payloads.push(text);
        const event = JSON.parse(text) as { type: string; source: string; data: Record<string, unknown> };
        types.add(event.type.replace('dev.latchkey.', ''));
        // A change by a signed-in user names its request; token.issued aggregates many requests
        // (a window, with counts by client address) and names none.
        if (
          event.source === 'latchkey/identity' &&
          event.type !== 'dev.latchkey.token.issued' &&
          (event.data['actor'] as { type?: string })?.type === 'user'
        ) {
          expect(event.data['request_id']).toEqual(expect.any(String));
          expect(event.data['client_ip']).toEqual(expect.any(String));
        }
      }
    } finally {
      await nc.close();
    }
    for (const type of [
      'key.created',
      'key.updated',
      'key.rotated',
      'key.revoked',
      'key.deleted',
      'key.expired',
      'user.created',
      'user.role_changed',
      'user.status_changed',
      'user.password_changed',
      'user.removed',
      'policy.updated',
      'token.issued',
    ]) {
      expect(types).toContain(type);
    }
    const logs = ['identity', 'gateway', 'data-api', 'audit']
      .map((s) => readFileSync(env.stack.logFile(s as never), 'utf8'))
      .join('\n');
    const outbox = JSON.stringify(await sql(env.db.url, 'select payload from identity.outbox'));
    const hashes = (
      await sql<{ secret_hash: string }>(env.db.url, 'select secret_hash from identity.api_key_secrets')
    ).map((r) => r.secret_hash);
    expect(secrets.size).toBeGreaterThan(10);
    for (const secret of secrets) {
      expect(payloads.join('\n')).not.toContain(secret);
      expect(outbox).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    for (const hash of hashes) expect(payloads.join('\n')).not.toContain(hash);
  });
});
