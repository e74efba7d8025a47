import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { runCli } from './cli';
import type { Io } from './frame/command-context';
import { ExitCode } from './frame/exit-codes';

function io(env: NodeJS.ProcessEnv = {}): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: { HOME: '/nonexistent-home', ...env },
    out: () => out,
    err: () => err,
  };
}

/** A scripted gateway: records what the CLI sent, answers what the test says. */
async function gateway(answer: (path: string) => { status: number; body: unknown }) {
  const seen: { method: string; path: string; body: string; authorization: string | undefined }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        path: request.url ?? '',
        body,
        authorization: request.headers.authorization,
      });
      const { status, body: reply } = answer(request.url ?? '');
      response.writeHead(status, {
        'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      });
      response.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

const key = (id: string, name: string) => ({
  id,
  name,
  public_id: `lk_pub_${id}`,
  prefix: 'lk_live_abc',
  status: 'active',
  environment: 'live',
  scopes: ['projects:read'],
  allowed_paths: [],
  allowed_ips: [],
  rate_limit: { limit: 100, window_seconds: 60 },
  expires_at: null,
  expiring_soon: false,
  last_used_at: null,
  created_at: '2026-12-01T00:00:00.000Z',
  created_by: 'usr_1',
  updated_at: '2026-12-01T00:00:00.000Z',
  description: null,
  revoked_at: null,
  revoked_reason: null,
  webhook_connection_id: null,
});

describe('latchkey keys (against a scripted gateway)', () => {
  it('create sends every option as the API names it, and shows the secret once', async () => {
    const api = await gateway(() => ({
      status: 201,
      body: { ...key('key_1', 'ci'), secret: 'lk_live_SECRET' },
    }));
    try {
      const run = io({ LATCHKEY_URL: api.url, LATCHKEY_TOKEN: 'user-token' });
      const args = [
        'keys',
        'create',
        'ci',
        '--scope',
        'projects:read',
        '--scope',
        'leads:read,invoices:read',
      ];
      args.push('--allowed-path', '/v1/**', '--allowed-ip', '10.0.0.0/8', '--rate-limit', '10/1m');
      args.push('--expires-in-days', '30', '--environment', 'test', '--description', 'the CI');
      expect(await runCli(args, run)).toBe(ExitCode.Ok);
      expect(api.seen[0]).toMatchObject({
        method: 'POST',
        path: '/admin/keys',
        authorization: 'Bearer user-token',
      });
      expect(JSON.parse(api.seen[0]!.body)).toEqual({
        name: 'ci',
        scopes: ['projects:read', 'leads:read', 'invoices:read'],
        allowed_paths: ['/v1/**'],
        allowed_ips: ['10.0.0.0/8'],
        rate_limit: { limit: 10, window_seconds: 60 },
        expires_in_days: 30,
        environment: 'test',
        description: 'the CI',
      });
      expect(run.out().match(/lk_live_SECRET/g)).toHaveLength(1);
      expect(run.out()).toContain('shown only this once');
    } finally {
      await api.close();
    }
  });

  it('list walks every page and prints the columns', async () => {
    const api = await gateway((path) =>
      path.includes('cursor=')
        ? { status: 200, body: { data: [key('key_2', 'second')], next_cursor: null } }
        : { status: 200, body: { data: [key('key_1', 'first')], next_cursor: 'c2' } },
    );
    try {
      const run = io({ LATCHKEY_URL: api.url, LATCHKEY_TOKEN: 't' });
      expect(await runCli(['--json', 'keys', 'list', '--status', 'active'], run)).toBe(ExitCode.Ok);
      expect((JSON.parse(run.out()) as { data: { id: string }[] }).data.map((k) => k.id)).toEqual([
        'key_1',
        'key_2',
      ]);
      expect(api.seen.map((s) => s.path)).toEqual([
        '/admin/keys?limit=100&status=active',
        '/admin/keys?limit=100&status=active&cursor=c2',
      ]);
      const table = io({ LATCHKEY_URL: api.url, LATCHKEY_TOKEN: 't' });
      expect(await runCli(['keys', 'list'], table)).toBe(ExitCode.Ok);
      for (const column of ['id', 'name', 'status', 'scopes', 'expires', 'last used', 'key_2', 'never'])
        expect(table.out()).toContain(column);
    } finally {
      await api.close();
    }
  });

  it('list filters on expiry (--expiring-within) and dormancy (--dormant); enable posts to the key', async () => {
    const api = await gateway((path) =>
      path.endsWith('/enable')
        ? {
            status: 200,
            body: { ...key('key_1', 'nightly'), dormant_at: null, replicas_confirmed: 2, replicas_known: 2 },
          }
        : { status: 200, body: { data: [key('key_1', 'nightly')], next_cursor: null } },
    );
    try {
      const env = { LATCHKEY_URL: api.url, LATCHKEY_TOKEN: 't' };
      expect(await runCli(['keys', 'list', '--expiring-within', '7'], io(env))).toBe(ExitCode.Ok);
      expect(await runCli(['keys', 'list', '--dormant'], io(env))).toBe(ExitCode.Ok);
      const enable = io(env);
      expect(await runCli(['keys', 'enable', 'key_1'], enable)).toBe(ExitCode.Ok);
      expect(api.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
        'GET /admin/keys?limit=100&expiring_within_days=7',
        'GET /admin/keys?limit=100&status=dormant',
        'POST /admin/keys/key_1/enable',
      ]);
      expect(enable.out()).toContain('Enabled key key_1 (nightly); gateway replicas confirmed: 2/2.');
      // Refused before sending: not a number of days, and both ways of saying the status.
      const bad = io(env);
      expect(await runCli(['keys', 'list', '--expiring-within', 'soon'], bad)).not.toBe(ExitCode.Ok);
      expect(await runCli(['keys', 'list', '--dormant', '--status', 'active'], io(env))).not.toBe(
        ExitCode.Ok,
      );
      expect(api.seen).toHaveLength(3);
    } finally {
      await api.close();
    }
  });

  it("a refusal is its problem's exit code and one line naming its detail, never the token", async () => {
    const api = await gateway(() => ({
      status: 404,
      body: {
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        code: 'not_found',
        detail: 'no key key_9',
        request_id: 'req_1',
      },
    }));
    try {
      const run = io({ LATCHKEY_URL: api.url, LATCHKEY_TOKEN: 'secret-user-token' });
      expect(await runCli(['keys', 'show', 'key_9'], run)).toBe(ExitCode.NotFound);
      expect(run.err()).toBe('latchkey: Not Found: no key key_9\n');
      const json = io({ LATCHKEY_URL: api.url, LATCHKEY_TOKEN: 'secret-user-token' });
      expect(await runCli(['--json', 'keys', 'show', 'key_9'], json)).toBe(ExitCode.NotFound);
      expect(JSON.parse(json.err())).toMatchObject({
        code: 'not_found',
        status: 404,
        request_id: 'req_1',
        exit_code: 5,
      });
      expect(run.err() + json.err() + run.out() + json.out()).not.toContain('secret-user-token');
    } finally {
      await api.close();
    }
  });

  it('refuses before sending: delete without --yes off a terminal, create without --scope, no token', async () => {
    const nothing = io({ LATCHKEY_URL: 'http://127.0.0.1:9', LATCHKEY_TOKEN: 't' });
    expect(await runCli(['keys', 'delete', 'key_1'], nothing)).toBe(ExitCode.Usage);
    expect(nothing.err()).toContain('--yes');
    expect(await runCli(['keys', 'create', 'x'], io({ LATCHKEY_TOKEN: 't' }))).toBe(ExitCode.Usage);
    expect(
      await runCli(['keys', 'rotate', 'k', '--grace-seconds', 'soon'], io({ LATCHKEY_TOKEN: 't' })),
    ).toBe(ExitCode.Usage);
    const anonymous = io({ LATCHKEY_URL: 'http://127.0.0.1:9' });
    expect(await runCli(['keys', 'list'], anonymous)).toBe(ExitCode.Unauthenticated);
    expect(anonymous.err()).toContain('run `latchkey login`');
  });

  it('an unreachable gateway is exit code 7', async () => {
    const run = io({ LATCHKEY_URL: 'http://127.0.0.1:9', LATCHKEY_TOKEN: 't' });
    expect(await runCli(['keys', 'show', 'key_1'], run)).toBe(ExitCode.Unavailable);
    expect(run.err()).toMatch(/^latchkey: gateway unreachable: http:\/\/127\.0\.0\.1:9/);
  });
});

describe('latchkey audit tail (against a scripted event stream)', () => {
  it('prints each event as NDJSON, resumes after the server ends a stream, and exits 0 on Ctrl-C', async () => {
    const connections: { url: string; lastEventId: string | undefined }[] = [];
    const event = (seq: number) =>
      JSON.stringify({
        id: `evt_${seq}`,
        seq,
        type: 'key.created',
        key_id: 'key_1',
        occurred_at: '2026-12-04T16:00:00Z',
      });
    const server = createServer((request, response) => {
      const lastEventId = request.headers['last-event-id'];
      connections.push({
        url: request.url ?? '',
        lastEventId: typeof lastEventId === 'string' ? lastEventId : undefined,
      });
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (connections.length === 1) {
        // The first stream: the position, one event, then the end (the principal expired).
        response.end(
          `retry: 2000\nid: 10\n: tailing after 10\n\nid: 11\nevent: key.created\ndata: ${event(11)}\n\n`,
        );
      } else {
        // The reconnection: what came after the last id, then held open until the client leaves.
        response.write(`id: 12\nevent: key.created\ndata: ${event(12)}\n\n`);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const run = io({ LATCHKEY_URL: url, LATCHKEY_TOKEN: 't' });
      const exit = runCli(['--json', 'audit', 'tail', '--type', 'key.created'], run);
      const deadline = Date.now() + 10_000;
      while (!run.out().includes('evt_12') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      process.emit('SIGINT');
      expect(await exit).toBe(ExitCode.Ok);
      expect(
        run
          .out()
          .trim()
          .split('\n')
          .map((line) => (JSON.parse(line) as { seq: number }).seq),
      ).toEqual([11, 12]);
      expect(connections).toEqual([
        { url: '/audit/events/stream?type=key.created', lastEventId: undefined },
        { url: '/audit/events/stream?type=key.created', lastEventId: '11' },
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('latchkey keys find-secret', () => {
  // Shaped like a secret, but no key's: its checksum is wrong, so no scanner should take it for one.
  const SECRET = `lk_live_${'Example0'.repeat(5)}NotKey`;

  it('reads the secret from stdin, sends it in a POST body (never a URL), shows the key, never the secret', async () => {
    const api = await gateway(() => ({ status: 200, body: key('key_7', 'CRM sync') }));
    try {
      const run = io({ LATCHKEY_URL: api.url, LATCHKEY_TOKEN: 't' });
      run.stdin = Readable.from([`${SECRET}\n`]);
      expect(await runCli(['keys', 'find-secret'], run)).toBe(ExitCode.Ok);
      expect(api.seen).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: '/admin/keys/lookup',
          body: JSON.stringify({ secret: SECRET }),
        }),
      ]);
      expect(run.out()).toContain('key_7');
      expect(run.out() + run.err()).not.toContain(SECRET);
    } finally {
      await api.close();
    }
  });

  it('takes no secret as an argument, and refuses an empty stdin without a request', async () => {
    const api = await gateway(() => ({ status: 200, body: key('key_7', 'CRM sync') }));
    try {
      const argument = io({ LATCHKEY_URL: api.url, LATCHKEY_TOKEN: 't' });
      expect(await runCli(['keys', 'find-secret', SECRET], argument)).toBe(ExitCode.Usage);
      const empty = io({ LATCHKEY_URL: api.url, LATCHKEY_TOKEN: 't' });
      empty.stdin = Readable.from(['\n']);
      expect(await runCli(['keys', 'find-secret'], empty)).toBe(ExitCode.Usage);
      expect(api.seen).toEqual([]);
    } finally {
      await api.close();
    }
  });
});
