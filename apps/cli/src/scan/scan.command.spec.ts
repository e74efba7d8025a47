import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checksumOf, generateSecret } from '@latchkey/auth-core';
import { runCli } from '../cli';
import { ExitCode, type Io } from '../frame';

function io(): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: {},
    out: () => out,
    err: () => err,
  };
}

/** A secret's lookalike: the same shape, a checksum that does not match. */
function lookalike(): string {
  const body = generateSecret('live').slice(0, -6);
  return body + (checksumOf(body) === 'AAAAAA' ? 'AAAAAB' : 'AAAAAA');
}

describe('latchkey scan', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'latchkey-scan-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds secrets in files by format and checksum, prints file:line redacted, exits secrets_found', async () => {
    const secret = generateSecret('live');
    const fake = lookalike();
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', '.env'), `# keys\nNAME=crm\nLATCHKEY_SECRET=${secret}\n`);
    writeFileSync(join(dir, 'README.md'), `Example: ${fake}\n`);
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', 'x.js'), secret);

    const run = io();
    const code = await runCli(['scan', dir], run);
    expect(code).toBe(ExitCode.SecretsFound);
    expect(run.out()).toContain(`${join(dir, 'config', '.env')}:3: ${secret.slice(0, 12)}…`);
    expect(run.out()).toContain('1 secret found');
    expect(run.out() + run.err()).not.toContain(secret);
    expect(run.out()).not.toContain(fake.slice(0, 12));
  });

  it('exits 0 when nothing is found (a lookalike is not a secret)', async () => {
    writeFileSync(join(dir, 'a.txt'), `token: ${lookalike()}\n`);
    const run = io();
    expect(await runCli(['scan', dir], run)).toBe(ExitCode.Ok);
    expect(run.out()).toContain('0 secrets found');
  });

  it('with --git, finds a secret committed and removed since, by commit, file and line', async () => {
    const secret = generateSecret('test');
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args]);
    git('init', '-q');
    writeFileSync(join(dir, 'app.ts'), `const a = 1;\nconst key = '${secret}';\n`);
    git('add', '.');
    git('commit', '-qm', 'add key');
    writeFileSync(join(dir, 'app.ts'), `const a = 1;\nconst key = process.env.KEY;\n`);
    git('commit', '-qam', 'remove key');

    const withoutHistory = io();
    expect(await runCli(['scan', dir], withoutHistory)).toBe(ExitCode.Ok);

    const run = io();
    expect(await runCli(['--json', 'scan', '--git', dir], run)).toBe(ExitCode.SecretsFound);
    const { findings } = JSON.parse(run.out()) as { findings: { location: string; source: string }[] };
    expect(findings).toEqual([
      {
        location: expect.stringMatching(/^[0-9a-f]{12}:app\.ts:2$/),
        source: 'commit',
        secret: `${secret.slice(0, 12)}…`,
      },
    ]);
    expect(run.out() + run.err()).not.toContain(secret);
  });
});
