import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LATCHKEY_CLI, runLatchkey, waitFor } from '@latchkey/testing';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

interface KeyDocument {
  id: string;
  name: string;
  status: string;
  secret?: string;
}

/**
 * The built `latchkey` binary's API commands as an operator runs them, through the real gateway:
 * sign in (the token kept 0600 and never printed), a key's whole life, refusals as exit codes, the
 * policy, and the audit trail (export, live tail, verification).
 */
describe('latchkey API commands through the gateway', () => {
  let running: RunningStack;
  let owner: Record<string, string>;
  let viewer: Record<string, string>;
  const homes: string[] = [];
  /** What `latchkey login` printed, for the person and for --json. */
  let printedAtLogin = '';

  /** A fresh config directory (the credentials file's home) for one signed-in user. */
  const home = () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-cli-'));
    homes.push(dir);
    return dir;
  };

  beforeAll(async () => {
    running = await startStack('cli-api');
    const acme = running.orgs.find((o) => o.org_name === 'Acme Analytics')!;
    owner = { XDG_CONFIG_HOME: home(), HOME: home(), LATCHKEY_URL: running.gateway };
    viewer = { XDG_CONFIG_HOME: home(), HOME: home(), LATCHKEY_URL: running.gateway };
    const signIn = await runLatchkey(['login', '--email', acme.email], {
      ...owner,
      LATCHKEY_PASSWORD: acme.password,
    });
    expect(signIn).toMatchObject({ code: 0, stderr: '' });
    expect(signIn.stdout).toContain(`as ${acme.email}`);
    expect(signIn.stdout).toMatch(/expires at \d{4}-\d{2}-\d{2}T/);
    const viewerIn = await runLatchkey(['--json', 'login', '--email', 'viewer@acme.example'], {
      ...viewer,
      LATCHKEY_PASSWORD: acme.password,
    });
    expect(viewerIn.code).toBe(0);
    printedAtLogin = signIn.stdout + signIn.stderr + viewerIn.stdout + viewerIn.stderr;
  });

  afterAll(async () => {
    await running?.teardown();
    for (const dir of homes) rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[], env = owner) => runLatchkey(args, env);
  const json = async <T>(args: string[], env = owner): Promise<T> => {
    const run = await cli(['--json', ...args], env);
    if (run.code !== 0) throw new Error(`latchkey ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout) as T;
  };

  it('login keeps the token in a 0600 file in a 0700 directory, and never prints it', async () => {
    const file = join(owner['XDG_CONFIG_HOME']!, 'latchkey', 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(owner['XDG_CONFIG_HOME']!, 'latchkey')).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { token: string; url: string };
    expect(stored.url).toBe(running.gateway);
    const whoami = await cli(['whoami'], owner);
    expect(whoami.code).toBe(0);
    expect(printedAtLogin).not.toContain(stored.token);
    expect(whoami.stdout + whoami.stderr).not.toContain(stored.token);
  });

  it('a key from create to revoke: its secret works through the gateway, list has it, rotate, revoke, show', async () => {
    const created = await json<KeyDocument>([
      'keys',
      'create',
      'cli e2e',
      '--scope',
      'projects:read',
      '--expires-in-days',
      '30',
    ]);
    expect(created.secret).toMatch(/^lk_live_/);
    const projects = await fetch(`${running.gateway}/v1/projects`, {
      headers: { authorization: `Bearer ${created.secret}` },
    });
    expect(projects.status).toBe(200);

    const listed = await json<{ data: KeyDocument[] }>(['keys', 'list']);
    const mine = listed.data.find((k) => k.id === created.id);
    expect(mine).toMatchObject({ name: 'cli e2e', status: 'active' });
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    const rotated = await json<KeyDocument>(['keys', 'rotate', created.id, '--grace-seconds', '0']);
    expect(rotated.secret).toMatch(/^lk_live_/);
    expect(rotated.secret).not.toBe(created.secret);

    const revoked = await cli(['keys', 'revoke', created.id, '--reason', 'e2e done']);
    expect(revoked).toMatchObject({ code: 0, stderr: '' });
    expect(revoked.stdout).toContain(`Revoked key ${created.id}`);
    expect(revoked.stdout).not.toContain('lk_live_');

    const shown = await cli(['keys', 'show', created.id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/status\s*│\s*revoked/);
    expect(shown.stdout).toContain('e2e done');
    expect((await json<KeyDocument>(['keys', 'show', created.id])).status).toBe('revoked');
  });

  it("refusals are exit codes: a viewer's admin call is 4, an unknown key 5, both one line on stderr", async () => {
    // A viewer reads keys (ADR 0019) but may not create one.
    expect((await cli(['keys', 'list'], viewer)).code).toBe(0);
    const forbidden = await cli(['keys', 'create', 'by a viewer', '--scope', 'leads:read'], viewer);
    expect(forbidden.code).toBe(4);
    expect(forbidden.stdout).toBe('');
    expect(forbidden.stderr.trim().split('\n')).toHaveLength(1);
    expect(forbidden.stderr).toMatch(/^latchkey: /);

    const [any] = (await json<{ data: KeyDocument[] }>(['keys', 'list'])).data;
    const unknownId = any!.id.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const missing = await cli(['--json', 'keys', 'show', unknownId]);
    expect(missing.code).toBe(5);
    expect(JSON.parse(missing.stderr)).toMatchObject({ code: 'not_found', status: 404, exit_code: 5 });
  });

  it('keys find-secret reads the secret from stdin and names its key, for a viewer too, never printing it', async () => {
    const created = await json<KeyDocument>([
      'keys',
      'create',
      'found by secret',
      '--scope',
      'projects:read',
    ]);
    const secret = String(created.secret);
    for (const who of [owner, viewer]) {
      const child = spawn(process.execPath, [LATCHKEY_CLI, '--json', 'keys', 'find-secret'], {
        env: { PATH: process.env['PATH'] ?? '', ...who },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdin.end(`${secret}\n`);
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(stdout)).toMatchObject({ id: created.id, name: 'found by secret' });
      expect(stdout).not.toContain(secret);
    }
  });

  it('policy set changes one setting and keeps the others; get reads it back', async () => {
    type Policy = Record<string, unknown> & { max_key_lifetime_days: number | null };
    const before = await json<Policy>(['policy', 'get']);
    const set = await json<Policy>(['policy', 'set', '--max-key-lifetime-days', '60']);
    expect(set).toEqual({ ...before, max_key_lifetime_days: 60 });
    expect(await json<Policy>(['policy', 'get'])).toEqual(set);
    const restored = await json<Policy>([
      'policy',
      'set',
      '--max-key-lifetime-days',
      before.max_key_lifetime_days === null ? 'none' : String(before.max_key_lifetime_days),
    ]);
    expect(restored).toEqual(before);
    expect(before['leak_action']).toBe('revoke');
    const quarantine = await json<Policy>(['policy', 'set', '--leak-action', 'quarantine']);
    expect(quarantine).toEqual({ ...before, leak_action: 'quarantine' });
    const unknown = await cli(['policy', 'set', '--leak-action', 'ignore']);
    expect(unknown.code).toBe(2);
    expect(await json<Policy>(['policy', 'set', '--leak-action', 'revoke'])).toEqual(before);
  });

  it('audit export writes the trail as NDJSON to a file, with key.created in it', async () => {
    const out = join(home(), 'trail.ndjson');
    await waitFor('key.created in the exported trail', async () => {
      const run = await cli([
        '--json',
        'audit',
        'export',
        '--format',
        'ndjson',
        '--out',
        out,
        '--type',
        'key.created',
      ]);
      if (run.code !== 0) throw new Error(run.stderr);
      const lines = readFileSync(out, 'utf8').trim().split('\n').filter(Boolean);
      const events = lines.map((line) => JSON.parse(line) as { type: string });
      return (
        events.some((e) => e.type === 'key.created') &&
        (JSON.parse(run.stdout) as { events: number }).events === events.length
      );
    });
  });

  it('audit tail prints an event created after it started; a signal ends it with exit code 0', async () => {
    const child = spawn(process.execPath, [LATCHKEY_CLI, 'audit', 'tail', '--type', 'key.created'], {
      env: { PATH: process.env['PATH'] ?? '', ...owner },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor('the tail to connect', async () => stderr.includes('Tailing'), { timeoutMs: 20_000 });
      const created = await json<KeyDocument>(['keys', 'create', 'tailed key', '--scope', 'projects:read']);
      await waitFor(
        'the new key.created on the tail',
        async () =>
          stdout.split('\n').some((line) => line.includes('key.created') && line.includes(created.id)),
        { timeoutMs: 30_000 },
      );
      expect(stdout).not.toContain(created.secret);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });

  it('audit verify exits 0 on the intact chain and reports it', async () => {
    const run = await cli(['--json', 'audit', 'verify']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, first_broken: null });
  });

  it('completion offers the API commands; logout forgets the login', async () => {
    const bash = await cli(['completion', 'bash']);
    for (const word of [
      'login',
      'keys',
      'rotate',
      'users',
      'policy',
      'webhooks',
      'tail',
      'export',
      '--grace-seconds',
    ])
      expect(bash.stdout).toContain(word);
    expect((await cli(['logout'], viewer)).code).toBe(0);
    expect((await cli(['keys', 'list'], viewer)).code).toBe(3);
  });
});
