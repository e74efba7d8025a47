import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { JWK } from 'jose';
import { importSigningKey, signForwardingAssertion } from '@latchkey/auth-core';
import { freePort, sql, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(180_000);

const PASSWORD = 'latchkey-demo';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type StoredEvent = {
  type: string;
  data: Record<string, unknown>;
};

describe('request ids and client addresses: the server decides, the client is kept apart', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let ownerToken: string;
  let identityUrl: string;
  let flakyUpstream: Server | undefined;

  beforeAll(async () => {
    env = await startStack('request-ids', {
      gateway: { TRUSTED_PROXIES: '127.0.0.1', AUTH_FAILURE_LIMIT: '100000' },
      // A small per-source sign-in budget: a forged address must not buy a fresh one.
      identity: { LOGIN_SOURCE_MAX_FAILURES: '3' },
    });
    api = new GatewayClient(env.gateway);
    ownerToken = await api.login('owner@acme.example', PASSWORD);
    identityUrl = env.stack.url('identity');
  });

  afterAll(async () => {
    flakyUpstream?.close();
    await env?.teardown();
  });

  /** The stored audit events of `type` whose data matches `where`, once there are `count` of them. */
  async function storedEvents(
    type: string,
    where: (e: StoredEvent) => boolean,
    count = 1,
  ): Promise<StoredEvent[]> {
    let found: StoredEvent[] = [];
    await waitFor(
      `${count} ${type} in the audit trail`,
      async () => {
        const rows = await sql<StoredEvent>(
          env.db.url,
          'select type, data from audit.events where type = $1',
          [type],
        );
        found = rows.filter(where);
        return found.length >= count;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    return found;
  }

  async function createKey(
    name: string,
    headers: Record<string, string>,
    base = env.gateway,
  ): Promise<{ status: number; id: string; secret: string; headers: Headers }> {
    const response = await fetch(`${base}/admin/keys`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ownerToken}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify({ name, scopes: ['projects:read', 'projects:write'], expires_in_days: 7 }),
    });
    const body = (await response.json()) as { id: string; secret: string };
    return { status: response.status, id: body.id, secret: body.secret, headers: response.headers };
  }

  it("a client's X-Request-Id is echoed and recorded as client_request_id, never as the request id", async () => {
    const created = await createKey('ids', {
      'x-request-id': 'client-abc.1',
      'x-forwarded-for': '198.51.100.23',
    });
    expect(created.status).toBe(201);
    const serverId = created.headers.get('x-request-id');
    expect(serverId).toMatch(UUID);
    expect(created.headers.get('x-client-request-id')).toBe('client-abc.1');

    // identity's change event: the gateway's id and the address the gateway decided on.
    const [keyCreated] = await storedEvents('key.created', (e) => e.data['key_id'] === created.id);
    expect(keyCreated!.data).toMatchObject({
      request_id: serverId,
      client_request_id: 'client-abc.1',
      client_ip: '198.51.100.23',
    });

    // data-api's change event, written with that key.
    const write = await fetch(`${env.gateway}/v1/projects`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${created.secret}`,
        'content-type': 'application/json',
        'x-request-id': 'client-w-2',
      },
      body: JSON.stringify({ name: 'Ids' }),
    });
    expect(write.status).toBe(201);
    const project = (await write.json()) as { id: string };
    expect(write.headers.get('x-request-id')).toMatch(UUID);
    expect(write.headers.get('x-client-request-id')).toBe('client-w-2');
    const [changed] = await storedEvents('data.changed', (e) => e.data['id'] === project.id);
    expect(changed!.data).toMatchObject({
      request_id: write.headers.get('x-request-id'),
      client_request_id: 'client-w-2',
    });
  });

  it('a malformed X-Request-Id is dropped; a client cannot set X-Client-Request-Id or X-Latchkey-Forwarded itself', async () => {
    const created = await createKey('malformed', {
      'x-request-id': 'has spaces and ; semicolons',
      'x-client-request-id': 'sneaky',
      'x-latchkey-forwarded': 'forged.assertion.here',
      'x-forwarded-for': '198.51.100.24',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-client-request-id')).toBeNull();
    const [event] = await storedEvents('key.created', (e) => e.data['key_id'] === created.id);
    expect(event!.data['request_id']).toBe(created.headers.get('x-request-id'));
    expect(event!.data).not.toHaveProperty('client_request_id');
    // The gateway's own assertion replaced the forged one: the client's real (proxied) address.
    expect(event!.data['client_ip']).toBe('198.51.100.24');
  });

  it('a problem answered by identity carries the gateway request id in its body and header alike', async () => {
    const response = await fetch(`${env.gateway}/auth/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'client-login-1',
        'x-forwarded-for': '198.51.100.25',
      },
      body: JSON.stringify({ email: 'nobody@acme.example', password: 'wrong' }),
    });
    expect(response.status).toBe(401);
    const problem = (await response.json()) as { request_id: string };
    expect(problem.request_id).toMatch(UUID);
    expect(problem.request_id).toBe(response.headers.get('x-request-id'));
  });

  it('identity believes neither X-Forwarded-For nor X-Request-Id from a caller that is not the gateway', async () => {
    const forged = { 'x-forwarded-for': '203.0.113.66', 'x-request-id': 'forged-request-id' };
    const direct = await createKey('direct', forged, identityUrl);
    expect(direct.status).toBe(201);
    const ownId = direct.headers.get('x-request-id');
    expect(ownId).toMatch(UUID);
    const [event] = await storedEvents('key.created', (e) => e.data['key_id'] === direct.id);
    expect(event!.data['client_ip']).not.toBe('203.0.113.66');
    expect(String(event!.data['client_ip'])).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
    expect(event!.data['request_id']).toBe(ownId);
    expect(JSON.stringify(event!.data)).not.toContain('forged-request-id');

    // An assertion signed by any key but the gateway's is no assertion.
    const { privateKey } = generateKeyPairSync('ed25519');
    const impostor = await signForwardingAssertion(
      { client_ip: '203.0.113.67', request_id: 'impostor-id' },
      await importSigningKey(privateKey.export({ format: 'jwk' }) as JWK),
      'gateway',
      Math.floor(Date.now() / 1000),
    );
    const asserted = await createKey('impostor', { 'x-latchkey-forwarded': impostor }, identityUrl);
    expect(asserted.status).toBe(201);
    expect(asserted.headers.get('x-request-id')).not.toBe('impostor-id');
    const [other] = await storedEvents('key.created', (e) => e.data['key_id'] === asserted.id);
    expect(other!.data['client_ip']).not.toBe('203.0.113.67');
    expect(other!.data['request_id']).not.toBe('impostor-id');
  });

  it('a forged X-Forwarded-For buys a direct caller no fresh sign-in budget; through the gateway each client has its own', async () => {
    const attempt = (ip: string, base: string) =>
      fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ email: `nobody-${ip}@acme.example`, password: 'wrong' }),
      }).then((r) => r.status);
    // LOGIN_SOURCE_MAX_FAILURES is 3: four direct attempts, each claiming another address, share one.
    const direct: number[] = [];
    for (let i = 1; i <= 4; i++) direct.push(await attempt(`203.0.113.${i}`, identityUrl));
    expect(direct).toEqual([401, 401, 401, 429]);
    // The gateway's address at identity is the same socket address, yet its clients are told apart.
    const viaGateway: number[] = [];
    for (let i = 1; i <= 3; i++) viaGateway.push(await attempt(`198.51.100.${100 + i}`, env.gateway));
    expect(viaGateway).toEqual([401, 401, 401]);
  });

  it('every gateway log line names the request it describes, under concurrency and upstream failures', async () => {
    // An upstream that answers even-numbered paths and breaks off the others halfway through the body,
    // after a random delay: responses finish out of order, on pooled connections opened by other requests.
    flakyUpstream = createServer((req, res) => {
      const n = Number(req.url?.split('/').pop()?.replace(/\D/g, '') ?? 0);
      setTimeout(() => {
        if (n % 2 === 0) {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
          res.write('{"partial":');
          setTimeout(() => res.destroy(), 5);
        }
      }, Math.random() * 30);
    });
    const upstreamPort = await freePort();
    await new Promise<void>((resolve) => flakyUpstream!.listen(upstreamPort, '127.0.0.1', () => resolve()));
    const replica = await env.stack.spawnGateway('gateway-logs', await freePort(), {
      DATA_API_URL: `http://127.0.0.1:${upstreamPort}`,
      AUTH_FAILURE_LIMIT: '100000',
    });
    const key = await createKey('logs', {});

    interface Sent {
      path: string;
      clientId: string;
      status: number;
      serverId: string;
      upstreamFailed: boolean;
    }
    const send = async (i: number): Promise<Sent> => {
      const path = `/v1/projects/p${i}`;
      const clientId = `c-${i}`;
      // Every third request is refused at the gateway (unknown key), the rest go upstream.
      const refused = i % 3 === 0;
      const response = await fetch(`${replica}${path}`, {
        headers: {
          authorization: `Bearer ${refused ? 'lk_live_unknown' : key.secret}`,
          'x-request-id': clientId,
        },
      });
      await response.arrayBuffer();
      return {
        path,
        clientId,
        status: response.status,
        serverId: response.headers.get('x-request-id') ?? '',
        upstreamFailed: !refused && i % 2 === 1,
      };
    };
    const sent = await Promise.all(Array.from({ length: 60 }, (_, i) => send(i + 1)));
    expect(sent.filter((s) => s.upstreamFailed).every((s) => s.status === 502)).toBe(true);

    type Line = Record<string, unknown> & { msg?: string; request_id?: string };
    let lines: Line[] = [];
    await waitFor(
      'every request completed in the replica log',
      async () => {
        lines = readFileSync(`${env.stack.options.logDir}/gateway-logs.log`, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Line);
        const completed = lines.filter((l) => l.msg === 'request completed' && l.request_id);
        return sent.every((s) => completed.some((l) => l.request_id === s.serverId));
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    ).catch(() => undefined);

    const problems: string[] = [];
    for (const s of sent) {
      const own = lines.filter((l) => l.request_id === s.serverId);
      const describe = (msg: string) => own.filter((l) => l.msg === msg);
      const incoming = describe('incoming request');
      const completed = describe('request completed');
      const failed = describe('upstream request failed');
      if (incoming.length !== 1 || (incoming[0]!['req'] as { path?: string })?.path !== s.path)
        problems.push(`${s.path}: ${incoming.length} incoming lines with its id`);
      if (
        completed.length !== 1 ||
        (completed[0]!['res'] as { statusCode?: number })?.statusCode !== s.status
      )
        problems.push(`${s.path}: ${completed.length} completed lines with its id (status ${s.status})`);
      if (failed.length !== (s.upstreamFailed ? 1 : 0))
        problems.push(`${s.path}: ${failed.length} upstream failure lines with its id`);
      if (own.some((l) => l['client_request_id'] !== s.clientId))
        problems.push(`${s.path}: a line with another client request id`);
    }
    // No line about a request carries an id that was not one of these requests'.
    const ids = new Set(sent.map((s) => s.serverId));
    const strays = lines.filter((l) => l.request_id !== undefined && !ids.has(l.request_id));
    expect({ problems, strays: strays.length }).toEqual({ problems: [], strays: 0 });
  });
});
