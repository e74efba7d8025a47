import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:net';
import { SYSTEM_ORG_ID, type ApiRoute } from '@latchkey/contracts';
import { API_ROUTES } from '@latchkey/api-routes';
import { checksumOf } from '@latchkey/auth-core';
import { freePort, sql, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

const PASSWORD = 'latchkey-demo';
type Kind = 'secret' | 'pair' | 'token';
interface IssuedKey {
  id: string;
  secret: string;
  public_id: string;
}

/** A concrete path for a route: parameters filled with `instance`. */
function pathOf(route: ApiRoute, instance: string): string {
  return route.path.replace(/:([a-z_]+)/g, (_m, name: string) =>
    name === route.instanceParam ? instance : 'x1',
  );
}

describe('gateway: exact authorization on every route, rate limits, replicas, proxy errors', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let ownerToken: string;
  let otherOwnerToken: string;
  let replica: GatewayClient;
  let hangingUpstream: Server;
  let brokenUpstream: Server;

  beforeAll(async () => {
    env = await startStack('gateway', {
      gateway: { TRUSTED_PROXIES: '127.0.0.1', AUTH_FAILURE_LIMIT: '100000' },
    });
    api = new GatewayClient(env.gateway);
    ownerToken = await api.login('owner@acme.example', PASSWORD);
    otherOwnerToken = await api.login('owner@globex.example', PASSWORD);
    replica = new GatewayClient(
      await env.stack.spawnGateway('gateway-2', await freePort(), {
        TRUSTED_PROXIES: '127.0.0.1',
        AUTH_FAILURE_LIMIT: '100000',
      }),
    );
  });

  afterAll(async () => {
    hangingUpstream?.close();
    brokenUpstream?.close();
    await env?.teardown();
  });

  /** A sample from a process's /metrics (its ops port), e.g. `name{a="b"}`; undefined when absent. */
  async function sample(service: string, series: string): Promise<number | undefined> {
    const text = await (await fetch(`${env.stack.opsUrl(service)}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.split(' ').pop());
  }

  async function issue(body: Record<string, unknown>, token = ownerToken): Promise<IssuedKey> {
    const response = await api.call('POST', '/admin/keys', {
      token,
      body: { name: 'gw', expires_in_days: 30, ...body },
    });
    if (response.status !== 201)
      throw new Error(`issue: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as unknown as IssuedKey;
  }

  async function credentialHeaders(kind: Kind, key: IssuedKey): Promise<Record<string, string>> {
    switch (kind) {
      case 'secret':
        return { authorization: `Bearer ${key.secret}` };
      case 'pair':
        return { authorization: `Bearer ${key.public_id}`, 'x-secret-key': key.secret };
      case 'token': {
        const response = await api.call('POST', '/auth/token', { body: { api_key: key.secret } });
        if (response.status !== 200) throw new Error(`token: ${response.status}`);
        return { authorization: `Bearer ${String(response.body['access_token'])}` };
      }
    }
  }

  describe('every route × credential kind × refusal', () => {
    const kinds: Kind[] = ['secret', 'pair', 'token'];
    const cases = API_ROUTES.flatMap((route) =>
      kinds.map((kind) => ({ route, kind, name: `${route.method} ${route.path} via ${kind}` })),
    );
    /** Per route and kind, the credentials of a key that expires shortly (made once, up front). */
    const expiredCredentials = new Map<string, Record<string, string>>();

    beforeAll(async () => {
      // Each key expires shortly after it is made (however slow the machine), then we wait them all out.
      let lastExpiry = 0;
      for (const { route, kind, name } of cases) {
        const expiresAt = Date.now() + 3000;
        lastExpiry = expiresAt;
        const key = await issue({
          scopes: [route.scope],
          expires_in_days: undefined,
          expires_at: new Date(expiresAt).toISOString(),
        });
        expiredCredentials.set(name, await credentialHeaders(kind, key));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastExpiry - Date.now() + 50)));
    });

    it.each(cases)('$name', async ({ route, kind, name }) => {
      const other = route.scope.startsWith('leads:') ? 'projects:read' : 'leads:read';
      // Instances of the kind the route names (a binding must name that kind of id).
      const [instance, otherInstance] = [`${route.instancePrefix}_1`, `${route.instancePrefix}_2`];
      const keys = {
        right: await issue({ scopes: [route.scope] }),
        wrongScope: await issue({ scopes: [other] }),
        wrongInstance: route.instanceParam
          ? await issue({ scopes: [`${route.scope}@${otherInstance}`] })
          : undefined,
        rightInstance: route.instanceParam
          ? await issue({ scopes: [`${route.scope}@${instance}`] })
          : undefined,
        outsidePaths: await issue({ scopes: [route.scope], allowed_paths: ['/v1/nowhere/*'] }),
        outsideIps: await issue({ scopes: [route.scope], allowed_ips: ['203.0.113.0/24'] }),
        revoked: await issue({ scopes: [route.scope] }),
      };
      const revokedHeaders = await credentialHeaders(kind, keys.revoked);
      await api.call('POST', `/admin/keys/${keys.revoked.id}/revoke`, {
        token: ownerToken,
        body: { reason: 'test' },
      });

      const path = pathOf(route, instance);
      const send = (headers: Record<string, string>, ip = '198.51.100.10') =>
        api.call(route.method, path, { headers, ip, ...(route.method === 'GET' ? {} : { body: {} }) });
      const expectRefused = async (
        label: string,
        headers: Record<string, string>,
        status: number,
        code: string,
        ip?: string,
      ) => {
        const response = await send(headers, ip);
        expect({ label, status: response.status, code: response.body['code'] }).toEqual({
          label,
          status,
          code,
        });
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        // Every answer carries RateLimit headers: a usable key's own limit (default 120) once it is
        // known to be usable, else the client address's failed-authentication budget (the same for
        // unknown, expired and revoked keys).
        expect({ label, limit: response.headers.get('ratelimit-limit') }).toEqual({
          label,
          limit: status === 401 ? '100000' : '120',
        });
      };
      const invalid = kind === 'token' ? 'invalid_token' : 'invalid_api_key';

      await expectRefused('no credential', {}, 401, 'invalid_api_key');
      if (kind === 'token') {
        await expectRefused(
          'malformed token',
          { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' },
          401,
          'invalid_api_key',
        );
        await expectRefused(
          'forged token',
          { authorization: 'Bearer eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln' },
          401,
          'invalid_token',
        );
      } else {
        const malformed: Record<string, string> =
          kind === 'pair'
            ? { authorization: `Bearer ${keys.right.public_id}`, 'x-secret-key': 'lk_live_short' }
            : { authorization: 'Bearer lk_live_short' };
        await expectRefused('malformed', malformed, 401, 'invalid_api_key');
        const flipped = `${keys.right.secret.slice(0, -1)}${keys.right.secret.endsWith('A') ? 'B' : 'A'}`;
        await expectRefused(
          'bad checksum',
          kind === 'pair'
            ? { authorization: `Bearer ${keys.right.public_id}`, 'x-secret-key': flipped }
            : { authorization: `Bearer ${flipped}` },
          401,
          'invalid_api_key',
        );
        const body = `lk_live_${'u'.repeat(40)}`;
        const unknown = `${body}${checksumOf(body)}`;
        await expectRefused(
          'unknown',
          kind === 'pair'
            ? { authorization: `Bearer ${keys.right.public_id}`, 'x-secret-key': unknown }
            : { authorization: `Bearer ${unknown}` },
          401,
          'invalid_api_key',
        );
      }
      await expectRefused('revoked', revokedHeaders, 401, invalid);
      await expectRefused('expired', expiredCredentials.get(name) ?? {}, 401, invalid);
      await expectRefused(
        'wrong scope',
        await credentialHeaders(kind, keys.wrongScope),
        403,
        'insufficient_scope',
      );
      if (keys.wrongInstance)
        await expectRefused(
          'wrong instance',
          await credentialHeaders(kind, keys.wrongInstance),
          403,
          'insufficient_scope',
        );
      await expectRefused(
        'outside allowed_paths',
        await credentialHeaders(kind, keys.outsidePaths),
        403,
        'path_not_allowed',
      );
      await expectRefused(
        'IP outside allow-list',
        await credentialHeaders(kind, keys.outsideIps),
        403,
        'ip_not_allowed',
        '198.51.100.10',
      );

      // The right credential passes the gateway and reaches the service: its answer is the
      // service's (a list, an empty body's 400, an unknown instance's 404), never a refusal, a
      // gateway 404 or a server error.
      const reachedService = (response: { status: number; body: Record<string, unknown> }) =>
        response.status < 500 &&
        ![401, 403, 429].includes(response.status) &&
        !(response.status === 404 && response.body['detail'] === 'no such route');
      for (const [label, key] of [
        ['right scope', keys.right],
        ['right instance', keys.rightInstance],
      ] as const) {
        if (!key) continue;
        const response = await send(await credentialHeaders(kind, key));
        expect({ label, status: response.status, reachedService: reachedService(response) }).toEqual({
          label,
          status: response.status,
          reachedService: true,
        });
        expect(response.headers.get('ratelimit-limit')).toBe('120');
      }
      const fromAllowedIp = await send(await credentialHeaders(kind, keys.outsideIps), '203.0.113.5');
      expect(reachedService(fromAllowedIp)).toBe(true);
    });
  });

  it.each(['projects', 'leads', 'invoices', 'transactions'])(
    "another organisation's %s are not found, with a key of the right scope (read and write)",
    async (resource) => {
      const acme = await issue({ scopes: [`${resource}:read`] });
      const globex = await issue({ scopes: [`${resource}:*`] }, otherOwnerToken);
      const list = await api.call('GET', `/v1/${resource}`, { token: acme.secret });
      const id = (list.body['data'] as { id: string }[])[0]!.id;
      expect((await api.call('GET', `/v1/${resource}/${id}`, { token: acme.secret })).status).toBe(200);
      const foreign = await api.call('GET', `/v1/${resource}/${id}`, { token: globex.secret });
      expect({ status: foreign.status, code: foreign.body['code'] }).toEqual({
        status: 404,
        code: 'not_found',
      });
      // Nor does another organisation's list hold it.
      const theirs = await api.call('GET', `/v1/${resource}?limit=100`, { token: globex.secret });
      expect((theirs.body['data'] as { id: string }[]).map((r) => r.id)).not.toContain(id);
      // A valid change to the row, from the other organisation, is not found either.
      const change: Record<string, Record<string, unknown>> = {
        projects: { name: 'taken over' },
        leads: { name: 'taken over' },
        invoices: { status: 'void' },
      };
      if (change[resource]) {
        const write = await api.call('PATCH', `/v1/${resource}/${id}`, {
          token: globex.secret,
          body: change[resource],
        });
        expect({ status: write.status, code: write.body['code'] }).toEqual({
          status: 404,
          code: 'not_found',
        });
      }
    },
  );

  it('user tokens: the role decides the scopes; another organisation sees none of the rows', async () => {
    const viewer = await api.login('viewer@acme.example', PASSWORD);
    const member = await api.login('member@acme.example', PASSWORD);
    expect((await api.call('GET', '/v1/projects', { token: viewer })).status).toBe(200);
    // Members and viewers read the audit trail too (ADR 0019); their tokens write nothing.
    expect((await api.call('GET', '/audit/events', { token: viewer })).status).toBe(200);
    expect((await api.call('GET', '/v1/projects', { token: member })).status).toBe(200);
    expect((await api.call('GET', '/audit/events', { token: member })).status).toBe(200);
    const noWrite = await api.call('POST', '/v1/leads', { token: member, body: {} });
    expect({ status: noWrite.status, code: noWrite.body['code'] }).toEqual({
      status: 403,
      code: 'insufficient_scope',
    });
    const list = await api.call('GET', '/v1/projects', { token: ownerToken });
    const id = (list.body['data'] as { id: string }[])[0]!.id;
    expect((await api.call('GET', `/v1/projects/${id}`, { token: otherOwnerToken })).status).toBe(404);
    const forged = await api.call('GET', '/v1/projects', { token: `${viewer.slice(0, -4)}AAAA` });
    expect({ status: forged.status, code: forged.body['code'] }).toEqual({
      status: 401,
      code: 'invalid_token',
    });
  });

  it('normalised paths: traversal and encoding tricks cannot leave allowed_paths', async () => {
    const key = await issue({
      scopes: ['projects:read', 'leads:read'],
      allowed_paths: ['/v1/projects', '/v1/projects/*'],
    });
    const ok = ['/v1/projects', '/v1/projects/', '/v1//projects', '/v1/./projects', '/v1/%70rojects'];
    for (const path of ok)
      expect({ path, status: (await api.call('GET', path, { token: key.secret })).status }).toEqual({
        path,
        status: 200,
      });
    const refused = [
      '/v1/projects/../leads',
      '/v1/projects/%2e%2e/leads',
      '/v1/projects/%2E%2E/leads',
      '/v1/leads',
    ];
    for (const path of refused) {
      const response = await api.call('GET', path, { token: key.secret });
      expect({ path, status: response.status, code: response.body['code'] }).toEqual({
        path,
        status: 403,
        code: 'path_not_allowed',
      });
    }
    // An encoded slash is not a separator, so it matches no route.
    expect((await api.call('GET', '/v1/projects%2fx', { token: key.secret })).status).toBe(404);
  });

  it('rate limit by count: the limit is admitted, the next request gets 429 with Retry-After and RateLimit headers', async () => {
    const key = await issue({ scopes: ['projects:read'], rate_limit: { limit: 5, window_seconds: 60 } });
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await api.call('GET', '/v1/projects', { token: key.secret });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe('5');
      remaining.push(Number(response.headers.get('ratelimit-remaining')));
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const refused = await api.call('GET', '/v1/projects', { token: key.secret });
    expect(refused.status).toBe(429);
    expect(refused.body['code']).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('one limit across two replicas: counts are shared over NATS', async () => {
    const key = await issue({ scopes: ['projects:read'], rate_limit: { limit: 6, window_seconds: 60 } });
    for (let i = 0; i < 3; i++)
      expect((await api.call('GET', '/v1/projects', { token: key.secret })).status).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await replica.call('GET', '/v1/projects', { token: key.secret })).status).toBe(200);
    // Each replica has admitted 3 of the 6 itself: on its own, it would admit 3 more. Sharing
    // counts, each refuses at once or after at most one more (a request admitted while the other's
    // last broadcast is still on its way); the bench measures the precision at a limit of 100.
    const extraUntilRefused = async (client: GatewayClient) => {
      let extra = 0;
      while ((await client.call('GET', '/v1/projects', { token: key.secret })).status !== 429) {
        extra += 1;
        if (extra > 3) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return extra;
    };
    expect(await extraUntilRefused(api)).toBeLessThanOrEqual(1);
    expect(await extraUntilRefused(replica)).toBeLessThanOrEqual(1);
    // Each replica measured how late the other's counts arrived (alert LatchkeyRateLimitSyncLagging).
    for (const gateway of ['gateway', 'gateway-2'])
      expect(await sample(gateway, 'latchkey_rate_limit_sync_lag_seconds_count')).toBeGreaterThan(0);
  });

  it('a key revoked through identity is refused by both replicas', async () => {
    const key = await issue({ scopes: ['projects:read'] });
    expect((await api.call('GET', '/v1/projects', { token: key.secret })).status).toBe(200);
    expect((await replica.call('GET', '/v1/projects', { token: key.secret })).status).toBe(200);
    const incomplete = 'latchkey_invalidation_announcements_total{kind="key",outcome="incomplete"}';
    const incompleteBefore = (await sample('identity', incomplete)) ?? 0;
    const revoked = await api.call('POST', `/admin/keys/${key.id}/revoke`, {
      token: ownerToken,
      body: { reason: 'test' },
    });
    expect(revoked.body).toMatchObject({ replicas_confirmed: 2, replicas_known: 2 });
    // Counted for the alert on unconfirmed revocations: this one complete, none missing.
    expect(
      await sample('identity', 'latchkey_invalidation_announcements_total{kind="key",outcome="complete"}'),
    ).toBeGreaterThanOrEqual(1);
    expect((await sample('identity', incomplete)) ?? 0).toBe(incompleteBefore);
    // The outbox relay reports its backlog: the revocation's event is published, nothing stays behind
    // for long (a sample may still see it pending, never minutes old).
    expect(
      await sample('identity', 'latchkey_outbox_oldest_pending_age_seconds{schema="identity"}'),
    ).toBeLessThan(60);
    expect((await api.call('GET', '/v1/projects', { token: key.secret })).status).toBe(401);
    expect((await replica.call('GET', '/v1/projects', { token: key.secret })).status).toBe(401);
  });

  it('denials are audited with their real reason, while the client sees one uniform answer', async () => {
    const key = await issue({ scopes: ['projects:read'] });
    await api.call('POST', `/admin/keys/${key.id}/revoke`, { token: ownerToken, body: { reason: 'test' } });
    expect((await api.call('GET', '/v1/projects', { token: key.secret })).status).toBe(401);
    await waitFor(
      'auth.denied with reason revoked',
      async () => {
        const events = await api.call('GET', `/audit/events?type=auth.denied&key_id=${key.id}`, {
          token: ownerToken,
        });
        return (
          (events.body['data'] as { data: { reason: string } }[] | undefined)?.some(
            (e) => e.data.reason === 'revoked',
          ) ?? false
        );
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    // What identity refuses behind the gateway is audited too (no organisation to tie it to).
    const failed = await api.call('POST', '/auth/login', {
      body: { email: 'owner@acme.example', password: 'not-the-password' },
      ip: '198.51.100.77',
    });
    expect(failed.status).toBe(401);
    await waitFor(
      'auth.denied identity_refused for the failed sign-in',
      async () =>
        (
          await sql<{ n: number }>(
            env.db.url,
            `select coalesce(sum((data->>'count')::int), 0)::int as n from audit.events
              where type = 'auth.denied' and org_id = '${SYSTEM_ORG_ID}'
                and data->>'reason' = 'identity_refused' and data->>'route' = 'POST /auth/login'
                and data->>'source_network' = '198.51.100.0/24'
                and data->'sample'->>'path' = '/auth/login' and data->'sample'->>'ip' = '198.51.100.77'
                and (data->'sample'->>'status')::int = 401`,
          )
        )[0]!.n === 1,
      { timeoutMs: 15_000, intervalMs: 250 },
    );
  });

  it('a body over 1 MiB gets 413 payload_too_large', async () => {
    const key = await issue({ scopes: ['projects:write'] });
    const response = await fetch(`${env.gateway}/v1/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('payload_too_large');
  });

  it('a client that sends Expect: 100-continue (curl does, for bodies over 1 KiB) gets its answer', async () => {
    const key = await issue({ scopes: ['projects:write'] });
    const body = JSON.stringify({ name: 'sent after 100 Continue', description: 'x'.repeat(2048) });
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        `${env.gateway}/v1/projects`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key.secret}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            expect: '100-continue',
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('continue', () => req.end(body));
      req.on('error', reject);
    });
    expect({ status, name: (JSON.parse(text) as { name?: string }).name }).toEqual({
      status: 201,
      name: 'sent after 100 Continue',
    });
  });

  it('an upstream that does not answer in time is 504; failed authentication is throttled per client IP', async () => {
    hangingUpstream = createServer(() => undefined);
    const hangingPort = await freePort();
    await new Promise<void>((resolve) => hangingUpstream.listen(hangingPort, '127.0.0.1', resolve));
    const slow = new GatewayClient(
      await env.stack.spawnGateway('gateway-slow', await freePort(), {
        DATA_API_URL: `http://127.0.0.1:${hangingPort}`,
        UPSTREAM_TIMEOUT_MS: '300',
        AUTH_FAILURE_LIMIT: '3',
        TRUSTED_PROXIES: '127.0.0.1',
      }),
    );
    const key = await issue({ scopes: ['projects:read'] });
    const timedOut = await slow.call('GET', '/v1/projects', { token: key.secret });
    expect({ status: timedOut.status, code: timedOut.body['code'] }).toEqual({
      status: 504,
      code: 'upstream_unavailable',
    });

    const ip = '192.0.2.77';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await slow.call('GET', '/v1/projects', { ip, token: 'lk_live_bogus' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // A valid key from that IP is not refused by the failure budget (it reaches the hanging
    // upstream: 504); another IP is unaffected.
    expect((await slow.call('GET', '/v1/projects', { ip, token: key.secret })).status).toBe(504);
    expect(
      (await slow.call('GET', '/v1/projects', { ip: '192.0.2.78', token: 'lk_live_bogus' })).status,
    ).toBe(401);
  });

  it('an upstream that breaks off halfway through its body is 502, without its headers', async () => {
    brokenUpstream = createServer((socket) => {
      socket.once('data', () => {
        socket.write(
          'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n' +
            'etag: "v1"\r\ncache-control: max-age=3600\r\n\r\n{"data":[',
        );
        setTimeout(() => socket.destroy(), 50);
      });
    });
    const brokenPort = await freePort();
    await new Promise<void>((resolve) => brokenUpstream.listen(brokenPort, '127.0.0.1', resolve));
    const broken = new GatewayClient(
      await env.stack.spawnGateway('gateway-broken', await freePort(), {
        DATA_API_URL: `http://127.0.0.1:${brokenPort}`,
      }),
    );
    const key = await issue({ scopes: ['projects:read'] });
    const response = await broken.call('GET', '/v1/projects', { token: key.secret });
    expect({
      status: response.status,
      code: response.body['code'],
      etag: response.headers.get('etag'),
      cacheControl: response.headers.get('cache-control'),
    }).toEqual({ status: 502, code: 'upstream_unavailable', etag: null, cacheControl: null });
  });

  it('an upstream that is down is 502 upstream_unavailable', async () => {
    const key = await issue({ scopes: ['projects:read'] });
    await env.stack.stop('data-api');
    const response = await api.call('GET', '/v1/projects', { token: key.secret });
    expect({ status: response.status, code: response.body['code'] }).toEqual({
      status: 502,
      code: 'upstream_unavailable',
    });
    expect((await sql(env.db.url, 'select 1 as ok'))[0]).toEqual({ ok: 1 });
  });
});
