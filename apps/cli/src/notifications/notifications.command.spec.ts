import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli } from '../cli';
import { ExitCode, type Io } from '../frame';

function io(env: NodeJS.ProcessEnv): Io & { out: () => string } {
  let out = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: () => undefined },
    env: { HOME: '/nonexistent-home', ...env },
    out: () => out,
  };
}

const ENDPOINT = {
  id: 'nep_1',
  url: 'https://hooks.example.com/x',
  description: '',
  event_types: ['key.leaked'],
  created_by: 'usr_1',
  created_at: '2026-12-01T00:00:00.000Z',
  updated_at: '2026-12-01T00:00:00.000Z',
};

describe('latchkey notifications', () => {
  let server: Server;
  let url = '';
  const seen: { method: string; path: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen.push({ method: request.method ?? '', path: request.url ?? '', body });
        const reply =
          request.method === 'POST'
            ? { status: 201, body: { ...ENDPOINT, secret: 'whsec_abc' } }
            : request.url?.endsWith('/deliveries')
              ? {
                  status: 200,
                  body: {
                    data: [
                      {
                        id: 'ndl_1',
                        endpoint_id: 'nep_1',
                        event_id: 'evt_1',
                        event_type: 'key.leaked',
                        status: 'pending',
                        attempts: [
                          {
                            attempt: 1,
                            attempted_at: '2026-12-01T00:00:01.000Z',
                            status_code: 503,
                            latency_ms: 9,
                            error: 'endpoint answered 503',
                            next_attempt_at: '2026-12-01T00:00:06.000Z',
                          },
                        ],
                        next_attempt_at: '2026-12-01T00:00:06.000Z',
                        created_at: '2026-12-01T00:00:00.000Z',
                        delivered_at: null,
                      },
                    ],
                  },
                }
              : { status: 200, body: { data: [ENDPOINT] } };
        response.writeHead(reply.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => (seen.length = 0));

  it('endpoints create sends the url and event types and shows the secret once', async () => {
    const run = io({ LATCHKEY_URL: url, LATCHKEY_TOKEN: 't' });
    const args = [
      'notifications',
      'endpoints',
      'create',
      'https://hooks.example.com/x',
      '--event',
      'key.leaked',
    ];
    expect(await runCli(args, run)).toBe(ExitCode.Ok);
    expect(seen.map((s) => [s.method, s.path, JSON.parse(s.body) as unknown])).toEqual([
      [
        'POST',
        '/admin/notifications/endpoints',
        { url: 'https://hooks.example.com/x', event_types: ['key.leaked'] },
      ],
    ]);
    expect(run.out()).toContain('whsec_abc');
  });

  it('an unknown event type is a usage error and nothing is sent', async () => {
    const run = io({ LATCHKEY_URL: url, LATCHKEY_TOKEN: 't' });
    const args = [
      'notifications',
      'endpoints',
      'create',
      'https://hooks.example.com/x',
      '--event',
      'key.nope',
    ];
    expect(await runCli(args, run)).toBe(ExitCode.Usage);
    expect(seen).toEqual([]);
  });

  it('deliveries lists each delivery with its attempts and last answer', async () => {
    const run = io({ LATCHKEY_URL: url, LATCHKEY_TOKEN: 't' });
    expect(await runCli(['notifications', 'deliveries', 'nep_1'], run)).toBe(ExitCode.Ok);
    expect(seen.map((s) => s.path)).toEqual(['/admin/notifications/endpoints/nep_1/deliveries']);
    expect(run.out()).toMatch(/ndl_1.*key\.leaked.*pending.*1.*503/);
  });

  it('endpoints list and delete reach their routes', async () => {
    const run = io({ LATCHKEY_URL: url, LATCHKEY_TOKEN: 't' });
    expect(await runCli(['notifications', 'endpoints', 'list'], run)).toBe(ExitCode.Ok);
    expect(run.out()).toContain('https://hooks.example.com/x');
    expect(await runCli(['notifications', 'endpoints', 'delete', 'nep_1'], run)).toBe(ExitCode.Ok);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /admin/notifications/endpoints',
      'DELETE /admin/notifications/endpoints/nep_1',
    ]);
  });
});
