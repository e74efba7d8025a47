import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { checksumOf } from '@latchkey/auth-core';
import { freePort, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

const PASSWORD = 'latchkey-demo';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A well-formed key with a valid checksum that no one issued: it costs a lookup to refuse. */
function unknownKey(): string {
  const body = `lk_live_${randomBytes(30).toString('base64url').replace(/[-_]/g, 'a').slice(0, 40)}`;
  return `${body}${checksumOf(body)}`;
}

/** What a raw TCP client saw: the first line the server sent (if any), and when the server closed. */
interface RawOutcome {
  statusLine: string | undefined;
  closedAfterMs: number;
}

/** Opens a raw connection, lets `drive` write to it, and waits for the server to close it. */
function rawExchange(url: string, drive: (socket: Socket) => void, giveUpMs = 60_000): Promise<RawOutcome> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    const timer = setTimeout(() => socket.destroy(), giveUpMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ statusLine: received.split('\r\n')[0] || undefined, closedAfterMs: Date.now() - started });
    });
    socket.once('connect', () => drive(socket));
  });
}

/** Writes `text` one character every `everyMs`, until the socket closes. */
function trickle(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++] as string);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

describe('the entrance: throttles that refuse only failures, per-user limits, exact waits, slow clients', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let ownerToken: string;
  let otherOwnerToken: string;

  beforeAll(async () => {
    env = await startStack('entrance', {
      gateway: { TRUSTED_PROXIES: '127.0.0.1', AUTH_FAILURE_LIMIT: '3' },
    });
    api = new GatewayClient(env.gateway);
    ownerToken = await api.login('owner@acme.example', PASSWORD);
    otherOwnerToken = await api.login('owner@globex.example', PASSWORD);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function issue(body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
    const response = await api.call('POST', '/admin/keys', {
      token: ownerToken,
      body: { name: 'entrance', expires_in_days: 30, ...body },
    });
    if (response.status !== 201)
      throw new Error(`issue: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as unknown as { id: string; secret: string };
  }

  it('a valid key or token from an address that has used up its failure budget is served; bad ones get 429', async () => {
    const key = await issue({ scopes: ['projects:read'] });
    // Documentation range 192.0.2.0/24: no other test's random address (198.51.100.x) lands here.
    const ip = '192.0.2.40';
    const bad = async (token: string) => api.call('GET', '/v1/projects', { ip, token });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await bad('lk_live_bogus')).status);
    expect(statuses).toEqual([401, 401, 401]);

    const throttled = await bad(unknownKey());
    expect(throttled.status).toBe(429);
    expect(throttled.body['code']).toBe('rate_limited');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await bad('not.a.token')).status).toBe(429);
    expect((await api.call('GET', '/v1/projects', { ip })).status).toBe(429);

    // A valid credential never meets the failure budget: a key, and a user token.
    const valid = await api.call('GET', '/v1/projects', { ip, token: key.secret });
    expect(valid.status).toBe(200);
    expect(valid.headers.get('ratelimit-limit')).toBe('120');
    expect((await api.call('GET', '/v1/projects', { ip, token: ownerToken })).status).toBe(200);
    // …and serving it gave the address no budget back.
    expect((await bad('lk_live_bogus')).status).toBe(429);
  });

  it('the allowed_paths bounds are refused at issuance with a 400 naming the rule', async () => {
    const refused = await api.call('POST', '/admin/keys', {
      token: ownerToken,
      body: { name: 'globs', expires_in_days: 30, scopes: ['leads:read'], allowed_paths: ['/v1/**/a/**/b'] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body['code']).toBe('invalid_request');
    expect(String(refused.body['detail'])).toContain('allowed_paths.0: may hold at most one **');

    const key = await issue({ scopes: ['leads:read'], allowed_paths: ['/v1/leads'] });
    const patched = await api.call('PATCH', `/admin/keys/${key.id}`, {
      token: ownerToken,
      body: { allowed_paths: ['/v1/leads/***'] },
    });
    expect(patched.status).toBe(400);
    expect(String(patched.body['detail'])).toContain('allowed_paths.0: *** is not a wildcard');
  });

  it('a client that waits exactly Retry-After is admitted (key limit and failure budget)', async () => {
    const key = await issue({ scopes: ['projects:read'], rate_limit: { limit: 2, window_seconds: 3 } });
    const call = () => api.call('GET', '/v1/projects', { token: key.secret });
    expect((await call()).status).toBe(200);
    const last = await call();
    expect(last.status).toBe(200);
    expect(last.headers.get('ratelimit-remaining')).toBe('0');
    const refused = await call();
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit-reset')).toBe(String(wait));
    await sleep(wait * 1000);
    expect((await call()).status).toBe(200);

    // The failure budget's Retry-After is exact too (a replica with a 2-second failure window).
    const replica = new GatewayClient(
      await env.stack.spawnGateway('gateway-budget', await freePort(), {
        TRUSTED_PROXIES: '127.0.0.1',
        AUTH_FAILURE_LIMIT: '2',
        AUTH_FAILURE_WINDOW_SECONDS: '2',
      }),
    );
    const ip = '192.0.2.41';
    const bad = () => replica.call('GET', '/v1/projects', { ip, token: 'lk_live_bogus' });
    expect([(await bad()).status, (await bad()).status]).toEqual([401, 401]);
    const throttled = await bad();
    expect(throttled.status).toBe(429);
    await sleep(Number(throttled.headers.get('retry-after')) * 1000);
    expect((await bad()).status).toBe(401);
    await env.stack.stopGateway('gateway-budget');
  });

  it('user tokens are limited per user on /v1, /audit and /admin, across replicas; other users are not', async () => {
    // A user no other test here uses: the limit is shared by every replica, the stack's own too.
    const adminToken = await api.login('admin@acme.example', PASSWORD);
    const limits = {
      TRUSTED_PROXIES: '127.0.0.1',
      USER_RATE_LIMIT: '6',
      USER_RATE_LIMIT_WINDOW_SECONDS: '60',
    };
    const first = new GatewayClient(
      await env.stack.spawnGateway('gateway-users-1', await freePort(), limits),
    );
    const second = new GatewayClient(
      await env.stack.spawnGateway('gateway-users-2', await freePort(), limits),
    );
    const remaining: string[] = [];
    for (const [client, path] of [
      [first, '/v1/projects'],
      [first, '/audit/events'],
      [first, '/admin/keys'],
      [second, '/v1/projects'],
      [second, '/admin/users'],
    ] as const) {
      const response = await client.call('GET', path, { token: adminToken });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('ratelimit-limit')).toBe('6');
      remaining.push(response.headers.get('ratelimit-remaining') ?? '');
    }
    expect(remaining.slice(0, 3)).toEqual(['5', '4', '3']);
    // The sixth is admitted by whichever replica; within one more the user is refused on both
    // (a request admitted while the other's broadcast is on its way), on every route.
    const refusedBy = async (client: GatewayClient, path: string) => {
      for (let extra = 0; extra < 3; extra++) {
        const response = await client.call('GET', path, { token: adminToken });
        if (response.status === 429) return response;
        await sleep(50);
      }
      throw new Error(`${path} was never refused`);
    };
    const onAdmin = await refusedBy(first, '/admin/keys');
    expect(onAdmin.body['code']).toBe('rate_limited');
    expect(Number(onAdmin.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await refusedBy(second, '/v1/projects')).headers.get('ratelimit-remaining')).toBe('0');
    expect((await refusedBy(first, '/audit/events')).status).toBe(429);

    // Another user has a limit of their own; a token that does not verify is left to identity.
    expect((await first.call('GET', '/admin/keys', { token: otherOwnerToken })).status).toBe(200);
    expect((await first.call('GET', '/v1/projects', { token: otherOwnerToken })).status).toBe(200);
    const forged = await first.call('GET', '/admin/keys', { token: 'aaa.bbb.ccc' });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('ratelimit-limit')).toBeNull();
    await env.stack.stopGateway('gateway-users-1');
    await env.stack.stopGateway('gateway-users-2');
  });

  it('X-Forwarded-For from a peer that is not a trusted proxy is ignored, counted and warned of', async () => {
    const url = await env.stack.spawnGateway('gateway-untrusted', await freePort(), { TRUSTED_PROXIES: '' });
    const key = await issue({ scopes: ['projects:read'], allowed_ips: ['203.0.113.7'] });
    const client = new GatewayClient(url);
    // The client claims an allowed address; the gateway sees the socket's (127.0.0.1).
    const claimed = await client.call('GET', '/v1/projects', { token: key.secret, ip: '203.0.113.7' });
    expect(claimed.status).toBe(403);
    expect(claimed.body['code']).toBe('ip_not_allowed');
    for (let i = 0; i < 20; i++) await client.call('GET', '/v1/projects', { ip: '203.0.113.7' });
    const metrics = await (await fetch(`${env.stack.opsUrl('gateway-untrusted')}/metrics`)).text();
    expect(Number(/^gateway_untrusted_forwarded_for_total(?:\{[^}]*\})? (\d+)$/m.exec(metrics)?.[1])).toBe(
      21,
    );
    const log = join(env.stack.options.logDir, 'gateway-untrusted.log');
    await waitFor('the warning in the log', async () =>
      readFileSync(log, 'utf8').includes('not a trusted proxy'),
    );
    // Once a minute per peer, not once per request.
    expect(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line.includes('not a trusted proxy')),
    ).toHaveLength(1);
    await env.stack.stopGateway('gateway-untrusted');
  });

  describe('slow and greedy clients (raw sockets)', () => {
    let url: string;
    let key: { secret: string };

    beforeAll(async () => {
      key = await issue({ scopes: ['projects:write', 'projects:read'] });
      url = await env.stack.spawnGateway('gateway-slow-clients', await freePort(), {
        // 127.0.0.1 is not a trusted proxy here: its connections count against the ceiling.
        TRUSTED_PROXIES: '',
        HEADERS_TIMEOUT_MS: '1000',
        REQUEST_TIMEOUT_MS: '2000',
        MAX_CONNECTIONS_PER_CLIENT: '4',
      });
    });

    afterAll(async () => {
      await env.stack.stopGateway('gateway-slow-clients');
    });

    it('a body sent a byte at a time is cut off at the request timeout: 408, connection closed', async () => {
      const body = JSON.stringify({ name: 'x'.repeat(500) });
      const outcome = await rawExchange(url, (socket) => {
        socket.write(
          `POST /v1/projects HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer ${key.secret}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
        );
        // At this pace the body would take over 2 minutes.
        trickle(socket, body, 250);
      });
      expect(outcome.statusLine).toBe('HTTP/1.1 408 Request Timeout');
      // Cut off by the server long before the client would have finished (REQUEST_TIMEOUT_MS = 2 s).
      expect(outcome.closedAfterMs).toBeLessThan(30_000);
    });

    it('headers sent a line at a time, or nothing at all, are cut off at the headers timeout', async () => {
      const headers = await rawExchange(url, (socket) => {
        socket.write('GET /v1/projects HTTP/1.1\r\n');
        trickle(socket, 'X-Slow: '.padEnd(2000, 'a'), 100);
      });
      expect(headers.statusLine).toBe('HTTP/1.1 408 Request Timeout');
      const silent = await rawExchange(url, () => undefined);
      expect(silent.statusLine).toBe('HTTP/1.1 408 Request Timeout');
      expect(Math.max(headers.closedAfterMs, silent.closedAfterMs)).toBeLessThan(30_000);
    });

    it('one address holds at most MAX_CONNECTIONS_PER_CLIENT connections; one more is closed at once', async () => {
      const { hostname, port } = new URL(url);
      /** A kept-alive connection after one complete request (idle: only the keep-alive timeout ends it). */
      const open = () =>
        new Promise<Socket | undefined>((resolve) => {
          const socket = connect(Number(port), hostname);
          socket.on('error', () => undefined);
          socket.once('data', () => resolve(socket));
          socket.once('close', () => resolve(undefined));
          socket.once('connect', () =>
            socket.write(
              `GET /v1/projects HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer ${key.secret}\r\n\r\n`,
            ),
          );
        });
      // Open connections until one is refused: at most 4 are served (fewer if the test's own HTTP
      // client still holds a kept-alive connection from the readiness checks), and the refused one
      // is closed without an answer (at accept, not by a timeout, which would answer 408).
      const held: Socket[] = [];
      let refused = false;
      while (held.length <= 4 && !refused) {
        const socket = await open();
        if (socket) held.push(socket);
        else refused = true;
      }
      expect(refused).toBe(true);
      expect(held.length).toBeGreaterThanOrEqual(3);
      expect(held.length).toBeLessThanOrEqual(4);
      const beyond = await rawExchange(url, (socket) =>
        socket.write(
          `GET /v1/projects HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer ${key.secret}\r\n\r\n`,
        ),
      );
      expect(beyond.statusLine).toBeUndefined();

      held[0]!.destroy();
      await sleep(200);
      const again = await rawExchange(url, (socket) =>
        socket.write(
          `GET /v1/projects HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer ${key.secret}\r\nConnection: close\r\n\r\n`,
        ),
      );
      expect(again.statusLine).toBe('HTTP/1.1 200 OK');
      for (const socket of held) socket.destroy();
    });
  });
});
