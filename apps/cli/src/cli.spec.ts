import { execFileSync } from 'node:child_process';
import { buildProgram, runCli } from './cli';
import { completionTree } from './completion/command-tree';
import { SHELLS } from './completion/completion-scripts';
import type { Io } from './frame/command-context';
import { ExitCode } from './frame/exit-codes';

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

/** Every command path of the tree: `migrate`, `audit verify-chain`… */
const commandPaths = () =>
  completionTree(buildProgram(io()))
    .map((node) => node.path)
    .filter(Boolean);

describe('the latchkey frame', () => {
  it('the tree has the operational commands', () => {
    expect(commandPaths()).toEqual(
      expect.arrayContaining([
        'migrate',
        'seed',
        'audit',
        'audit verify-chain',
        'audit redrive',
        'audit tail',
        'audit export',
        'audit verify',
        'login',
        'logout',
        'whoami',
        ...['create', 'list', 'show', 'find-secret', 'rotate', 'revoke', 'delete'].map((c) => `keys ${c}`),
        ...['list', 'create', 'show', 'update', 'remove'].map((c) => `users ${c}`),
        'policy get',
        'policy set',
        ...['list', 'create', 'show', 'regenerate', 'revoke'].map((c) => `webhooks ${c}`),
        'completion',
      ]),
    );
  });

  it.each(SHELLS)('the %s completion script names every command and option of the tree', async (shell) => {
    const run = io();
    expect(await runCli(['completion', shell], run)).toBe(ExitCode.Ok);
    expect(run.err()).toBe('');
    for (const node of completionTree(buildProgram(io()))) {
      for (const sub of node.subcommands) expect(run.out()).toContain(sub.name);
      for (const option of node.options) expect(run.out()).toContain(option.flag.slice(2));
      if (node.path) expect(run.out()).toContain(`'${node.path}'`);
    }
  });

  it('bash, given the script, completes subcommands, options and argument choices at each level', async () => {
    const run = io();
    await runCli(['completion', 'bash'], run);
    /** What bash offers after `line` (the last word being typed). */
    const complete = (line: string) =>
      execFileSync(
        'bash',
        [
          '-c',
          `${run.out()}\nread -ra COMP_WORDS <<< "$1"; [[ "$1" == *" " ]] && COMP_WORDS+=(""); ` +
            'COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _latchkey; printf "%s\\n" "${COMPREPLY[@]}"',
          'complete',
          line,
        ],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n');
    expect(complete('latchkey ')).toEqual(
      expect.arrayContaining(['migrate', 'seed', 'audit', 'completion', '--json']),
    );
    expect(complete('latchkey --json audit ')).toEqual(expect.arrayContaining(['verify-chain', 'redrive']));
    expect(complete('latchkey audit redrive --d')).toEqual(['--dry-run']);
    expect(complete('latchkey completion ')).toEqual(expect.arrayContaining(['bash', 'zsh', 'fish']));
  });

  it('a command added to the tree is completed with nothing else to change', () => {
    const program = buildProgram(io());
    program.command('widgets').command('spin').option('--turns <n>', 'turns');
    const tree = completionTree(program);
    expect(tree.find((n) => n.path === 'widgets')?.subcommands.map((s) => s.name)).toEqual(['spin']);
    expect(tree.find((n) => n.path === 'widgets spin')?.options.map((o) => o.flag)).toContain('--turns');
  });

  it('--json: stdout is exactly one JSON document', async () => {
    const run = io();
    expect(await runCli(['completion', 'fish', '--json'], run)).toBe(ExitCode.Ok);
    expect(JSON.parse(run.out())).toMatchObject({
      shell: 'fish',
      script: expect.stringContaining('complete -c latchkey'),
    });
    expect(run.err()).toBe('');
  });

  it('a usage error is exit code 2: one line on stderr for a person, nothing on stdout', async () => {
    const run = io();
    expect(await runCli(['completion', 'powershell'], run)).toBe(ExitCode.Usage);
    expect(run.out()).toBe('');
    expect(run.err()).toMatch(/^latchkey: usage: .*powershell.*\n$/);
    expect(run.err().trim().split('\n')).toHaveLength(1);
  });

  it('with --json, a usage error is one JSON problem on stderr', async () => {
    for (const args of [
      ['--json', 'frobnicate'],
      ['audit', 'redrive', '--limit', 'many', '--json'],
      ['migrate', '--nope', '--json'],
    ]) {
      const run = io();
      expect(await runCli(args, run)).toBe(ExitCode.Usage);
      expect(run.out()).toBe('');
      expect(JSON.parse(run.err())).toMatchObject({
        code: 'usage',
        exit_code: 2,
        detail: expect.any(String),
      });
    }
  });

  it('--help lists the exit codes and exits 0', async () => {
    const run = io();
    expect(await runCli(['--help'], run)).toBe(ExitCode.Ok);
    expect(run.out()).toContain('Exit codes:');
    expect(run.out()).toContain('integrity failure');
  });
});
