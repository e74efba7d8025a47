import { SignJWT, importJWK } from 'jose';
import { checksumOf } from '@latchkey/auth-core';
import { generateEd25519Jwk } from '@latchkey/runtime';
import { sql, waitFor } from '@latchkey/testing';
import { json, startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(120_000);

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  request_id: string;
  decision_id?: string;
}

describe('the thin slice, through the gateway', () => {
  let env: RunningStack;
  let ownerToken: string;
  let key: { id: string; secret: string; public_id: string; prefix: string };

  beforeAll(async () => {
    env = await startStack('slice');
    const acme = env.orgs[0]!;
    const login = await fetch(`${env.gateway}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: acme.email, password: acme.password }),
    });
    expect(login.status).toBe(200);
    const body = await json<{ access_token: string; token_type: string; expires_in: number }>(login);
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(12 * 3600);
    ownerToken = body.access_token;
  });

  afterAll(async () => {
    await env?.teardown();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${env.gateway}${path}`, { headers });

  it('an owner creates a key; the secret is returned once, in the documented format, and stored only as a hash', async () => {
    const response = await fetch(`${env.gateway}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'CRM sync', scopes: ['projects:read'], expires_in_days: 30 }),
    });
    expect(response.status).toBe(201);
    key = await json(response);
    expect(key.secret).toMatch(/^lk_live_[0-9A-Za-z]{46}$/);
    expect(key.prefix).toBe(key.secret.slice(0, 12));
    expect(key.public_id).toMatch(/^lk_pub_[0-9A-Za-z]{24}$/);

    const read = await json<Record<string, unknown>>(
      await get(`/admin/keys/${key.id}`, { authorization: `Bearer ${ownerToken}` }),
    );
    expect(read['id']).toBe(key.id);
    expect(JSON.stringify(read)).not.toContain(key.secret);
    const list = await (await get('/admin/keys', { authorization: `Bearer ${ownerToken}` })).text();
    expect(list).toContain(key.id);
    expect(list).not.toContain(key.secret);
    expect(list).not.toContain('secret');

    const rows = await sql<Record<string, unknown>>(
      env.db.url,
      'select k.*, s.secret_hash, s.hash_alg from identity.api_keys k join identity.api_key_secrets s on s.key_id = k.id where k.id = $1',
      [key.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.['hash_alg']).toBe('hmac-sha256');
    expect(rows[0]?.['secret_hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(key.secret);
  });

  it("a valid key reads its organisation's projects from data-api", async () => {
    const response = await get('/v1/projects', { authorization: `Bearer ${key.secret}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-limit')).toBe('120');
    expect(Number(response.headers.get('ratelimit-remaining'))).toBeLessThan(120);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const body = await json<{ data: { name: string }[] }>(response);
    expect(body.data.length).toBe(5);
    expect(body.data.map((p) => p.name)).toContain('Website relaunch');
    expect(body.data.some((p) => p.name.startsWith('Globex'))).toBe(false);
  });

  it('pair mode (public id + X-Secret-Key) works wherever the secret alone works', async () => {
    const response = await get('/v1/projects', {
      authorization: `Bearer ${key.public_id}`,
      'x-secret-key': key.secret,
    });
    expect(response.status).toBe(200);
    const mismatch = await get('/v1/projects', {
      authorization: `Bearer lk_pub_${'A'.repeat(24)}`,
      'x-secret-key': key.secret,
    });
    expect(mismatch.status).toBe(401);
  });

  it('missing, malformed, bad-checksum and unknown keys all get the same 401 invalid_api_key', async () => {
    const unknown = `${key.secret.slice(0, 8)}${'x'.repeat(40)}`;
    const cases: Record<string, Record<string, string>> = {
      missing: {},
      malformed: { authorization: 'Bearer not-a-key' },
      'bad checksum': {
        authorization: `Bearer ${key.secret.slice(0, -1)}${key.secret.endsWith('A') ? 'B' : 'A'}`,
      },
      unknown: { authorization: `Bearer ${unknown}${checksumOf(unknown)}` },
      'wrong scheme': { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    };
    const bodies: string[] = [];
    for (const [name, headers] of Object.entries(cases)) {
      const response = await get('/v1/projects', headers);
      expect({ name, status: response.status }).toEqual({ name, status: 401 });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      const problem = await json<Problem>(response);
      expect(problem.code).toBe('invalid_api_key');
      expect(problem.request_id).toBe(response.headers.get('x-request-id'));
      // Ids differ per request (ADR 0023: a refusal's decision id never links two answers).
      const { request_id: _ignored, decision_id: decisionId, ...rest } = problem;
      expect(decisionId).toMatch(/^dcn_/);
      bodies.push(JSON.stringify(rest));
    }
    expect(new Set(bodies).size).toBe(1);
  });

  it('a credential in the query string is refused, on admin routes too (gateway and identity alike)', async () => {
    const response = await get(`/v1/projects?api_key=${key.secret}`);
    expect(response.status).toBe(401);
    // A valid user token, in the query instead of the header.
    const viaGateway = await get(`/admin/keys?access_token=${ownerToken}`);
    expect(viaGateway.status).toBe(401);
    expect((await json<Problem>(viaGateway)).code).toBe('invalid_api_key');
    // Identity itself (behind the gateway) takes the token from the Authorization header only.
    const direct = await fetch(`${env.stack.url('identity')}/admin/keys?access_token=${ownerToken}`);
    expect(direct.status).toBe(401);
    expect((await json<Problem>(direct)).code).toBe('invalid_token');
    const inBody = await fetch(`${env.stack.url('identity')}/admin/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        access_token: ownerToken,
        name: 'x',
        scopes: ['projects:read'],
        expires_in_days: 7,
      }),
    });
    expect(inBody.status).toBe(401);
    // The same request with the token in the header is fine.
    expect((await get('/admin/keys', { authorization: `Bearer ${ownerToken}` })).status).toBe(200);
  });

  it('a key without the route scope gets 403 insufficient_scope naming the scope', async () => {
    const response = await get('/v1/invoices', { authorization: `Bearer ${key.secret}` });
    expect(response.status).toBe(403);
    const problem = await json<Problem & { required_scope: string }>(response);
    expect(problem.code).toBe('insufficient_scope');
    expect(problem.required_scope).toBe('invoices:read');
  });

  it('a path outside the route table is 404', async () => {
    const response = await get('/v1/nothing-here', { authorization: `Bearer ${key.secret}` });
    expect(response.status).toBe(404);
    expect((await json<Problem>(response)).code).toBe('not_found');
  });

  it.each(['gateway', 'identity', 'data-api', 'audit'] as const)(
    '%s serves /healthz, /readyz and /metrics on its ops port only: its public port answers 404 problem+json',
    async (service) => {
      for (const path of ['/metrics', '/readyz', '/healthz']) {
        // With a valid credential too: on the gateway, no scope reaches the ops endpoints.
        const headers: Record<string, string> =
          service === 'gateway' ? { authorization: `Bearer ${ownerToken}` } : {};
        const onPublic = await fetch(`${env.stack.url(service)}${path}`, { headers });
        expect({ path, status: onPublic.status }).toEqual({ path, status: 404 });
        expect(onPublic.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect((await json<Problem>(onPublic)).code).toBe('not_found');
      }
      const ops = env.stack.opsUrl(service);
      expect(await json(await fetch(`${ops}/healthz`))).toEqual({ status: 'ok' });
      const ready = await fetch(`${ops}/readyz`);
      expect(ready.status).toBe(200);
      expect(await json(ready)).toMatchObject({ status: 'ready' });
      const metrics = await fetch(`${ops}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      // The public port's requests are what the latency histogram counts (the scrapes are not).
      expect(await metrics.text()).toMatch(
        /^http_request_duration_seconds_count\{[^}]*status_code="404"[^}]*\} \d+/m,
      );
      const unknown = await fetch(`${ops}/v1/projects`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    },
  );

  it('data-api refuses a request that did not come through the gateway', async () => {
    const direct = await fetch(`${env.stack.url('data-api')}/v1/projects`);
    expect(direct.status).toBe(401);
    expect((await json<Problem>(direct)).code).toBe('invalid_token');

    // A principal signed with any other key is refused too.
    const forger = generateEd25519Jwk('forged');
    const forged = await new SignJWT({
      org_id: env.orgs[0]!.org_id,
      subject: 'key_x',
      kind: 'api_key',
      scopes: ['*'],
    })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'forged' })
      .setIssuer('latchkey-gateway')
      .setAudience('data-api')
      .setIssuedAt()
      .setExpirationTime('30s')
      .sign(await importJWK(forger.privateJwk, 'EdDSA'));
    const withForged = await fetch(`${env.stack.url('data-api')}/v1/projects`, {
      headers: { 'x-latchkey-principal': forged },
    });
    expect(withForged.status).toBe(401);
  });

  it("the audit trail shows the key's creation and its use", async () => {
    let events: { type: string; key_id: string | null; data: Record<string, unknown> }[] = [];
    await waitFor(
      'key.created and key.used in audit',
      async () => {
        const response = await get(`/audit/events?key_id=${key.id}`, {
          authorization: `Bearer ${ownerToken}`,
        });
        if (response.status !== 200) return false;
        events = (await json<{ data: typeof events }>(response)).data;
        const types = new Set(events.map((e) => e.type));
        // Usage arrives in flush windows: wait until the windows add up to the calls made above.
        const requests = events
          .filter((e) => e.type === 'key.used')
          .reduce((sum, e) => sum + Number(e.data['requests']), 0);
        return types.has('key.created') && requests >= 2;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    const used = events.filter((e) => e.type === 'key.used');
    const requests = used.reduce((sum, e) => sum + Number(e.data['requests']), 0);
    expect(requests).toBeGreaterThanOrEqual(2);
    // No secret ever appears in an event.
    expect(JSON.stringify(events)).not.toContain(key.secret);
  });

  it('audit data is organisation-scoped: another organisation sees none of it', async () => {
    const globex = env.orgs[1]!;
    const login = await json<{ access_token: string }>(
      await fetch(`${env.gateway}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: globex.email, password: globex.password }),
      }),
    );
    const response = await get(`/audit/events?key_id=${key.id}`, {
      authorization: `Bearer ${login.access_token}`,
    });
    expect(response.status).toBe(200);
    expect((await json<{ data: unknown[] }>(response)).data).toEqual([]);
  });
});
