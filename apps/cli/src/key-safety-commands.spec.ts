import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli } from './cli';
import type { Io } from './frame/command-context';
import { ExitCode } from './frame/exit-codes';

function io(env: NodeJS.ProcessEnv): Io & { out: () => string; err: () => string } {
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

/** A scripted gateway: records the bodies the CLI sent, answers `reply`. */
async function gateway(reply: unknown) {
  const bodies: unknown[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      bodies.push({ path: request.url, body: JSON.parse(body || '{}') });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, bodies, close: () => new Promise((resolve) => server.close(resolve)) };
}

const key = {
  id: 'key_1',
  name: 'ci',
  public_id: 'lk_pub_1',
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
};

describe('latchkey keys bulk-revoke', () => {
  it('--dry-run sends the filter as the API names it and prints the plan and how to run it', async () => {
    const api = await gateway({
      plan_id: 'rvp_1',
      dry_run: true,
      count: 1,
      keys: [key],
      filter: {},
      reason: 'leak',
      created_at: '2026-12-04T00:00:00.000Z',
      expires_at: '2026-12-04T00:15:00.000Z',
    });
    try {
      const run = io({ LATCHKEY_URL: api.url, LATCHKEY_TOKEN: 't' });
      const args = ['keys', 'bulk-revoke', '--dry-run', '--reason', 'leak', '--environment', 'test'];
      args.push('--last-used-from', '203.0.113.0/24', '--created-by', 'usr_1', '--id', 'key_1');
      expect(await runCli(args, run)).toBe(ExitCode.Ok);
      expect(api.bodies).toEqual([
        {
          path: '/admin/keys/bulk-revoke',
          body: {
            dry_run: true,
            reason: 'leak',
            filter: {
              ids: ['key_1'],
              environment: 'test',
              created_by: 'usr_1',
              last_used_from: '203.0.113.0/24',
            },
          },
        },
      ]);
      expect(run.out()).toContain('Plan rvp_1: 1 key would be revoked.');
      expect(run.out()).toContain('latchkey keys bulk-revoke --plan rvp_1');
    } finally {
      await api.close();
    }
  });

  it('--plan executes exactly that plan and reports revoked, skipped and replicas', async () => {
    const api = await gateway({
      plan_id: 'rvp_1',
      dry_run: false,
      count: 1,
      revoked: [key],
      skipped: [{ id: 'key_2', name: 'old', reason: 'already_revoked' }],
      replicas_confirmed: 2,
      replicas_known: 2,
    });
    try {
      const run = io({ LATCHKEY_URL: api.url, LATCHKEY_TOKEN: 't' });
      expect(await runCli(['keys', 'bulk-revoke', '--plan', 'rvp_1'], run)).toBe(ExitCode.Ok);
      expect(api.bodies).toEqual([{ path: '/admin/keys/bulk-revoke', body: { plan_id: 'rvp_1' } }]);
      expect(run.out()).toContain('Revoked 1 key of plan rvp_1; gateway replicas confirmed: 2/2.');
      expect(run.out()).toContain('skipped key_2 (old): already_revoked');
    } finally {
      await api.close();
    }
  });

  it('neither or both of --dry-run and --plan, or a dry run without a filter or reason, is a usage error that sends nothing', async () => {
    const api = await gateway({});
    try {
      for (const args of [
        ['keys', 'bulk-revoke'],
        ['keys', 'bulk-revoke', '--dry-run', '--plan', 'rvp_1'],
        ['keys', 'bulk-revoke', '--dry-run', '--reason', 'r'],
        ['keys', 'bulk-revoke', '--dry-run', '--environment', 'test'],
      ]) {
        const run = io({ LATCHKEY_URL: api.url, LATCHKEY_TOKEN: 't' });
        expect(await runCli(args, run)).toBe(ExitCode.Usage);
      }
      expect(api.bodies).toEqual([]);
    } finally {
      await api.close();
    }
  });
});

describe('latchkey keys recommend', () => {
  it('asks for the key and prints what is unused and the narrowed key', async () => {
    const api = await gateway({
      key_id: 'key_1',
      window_days: 30,
      observed_since: '2026-11-04T00:00:00.000Z',
      requests: 7,
      exercised: { routes: ['GET /v1/projects'], scopes: ['projects:read'], ips: ['203.0.113.5'] },
      unused_scopes: ['leads:read'],
      unmatched_paths: [],
      unseen_ips: [],
      rate_limit: {
        current: { limit: 120, window_seconds: 60 },
        observed_peak: 2,
        suggested: { limit: 10, window_seconds: 60 },
      },
      proposed: { scopes: ['projects:read'], rate_limit: { limit: 10, window_seconds: 60 } },
    });
    try {
      const run = io({ LATCHKEY_URL: api.url, LATCHKEY_TOKEN: 't' });
      expect(await runCli(['keys', 'recommend', 'key_1'], run)).toBe(ExitCode.Ok);
      expect(api.bodies).toEqual([{ path: '/admin/keys/key_1/recommendation', body: {} }]);
      expect(run.out()).toContain('leads:read');
      expect(run.out()).toContain('120 → 10 per 60 s');
      expect(run.out()).toContain('"scopes":["projects:read"]');
    } finally {
      await api.close();
    }
  });
});
