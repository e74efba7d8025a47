import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, serviceEnv, type StackOptions } from './stack';

/** The built `latchkey` command line (apps/cli/dist/main.js): tests run it as operators do. */
export const LATCHKEY_CLI = join(REPO_ROOT, 'apps', 'cli', 'dist', 'main.js');

export interface CliRun {
  /** The exit code (README of apps/cli, "Exit codes"). */
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `latchkey <args>` with exactly `env` (plus PATH); resolves whatever its exit code. */
export function runLatchkey(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [LATCHKEY_CLI, ...args],
      { env: { PATH: process.env['PATH'] ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** `latchkey --json <args>`'s document; throws with its stderr when it did not succeed. */
async function latchkeyJson<T>(args: string[], env: Record<string, string>): Promise<T> {
  const run = await runLatchkey(['--json', ...args], env);
  if (run.code !== 0) throw new Error(`latchkey ${args.join(' ')} exited ${run.code}: ${run.stderr.trim()}`);
  return JSON.parse(run.stdout) as T;
}

export interface MigrationResult {
  service: string;
  schema: string;
  /** Migrations applied by this run (none: the schema was up to date). */
  applied: string[];
}

/** `latchkey migrate`: every service's migrations (idempotent), in dependency order. */
export async function migrateAll(databaseUrl: string): Promise<MigrationResult[]> {
  const { migrations } = await latchkeyJson<{ migrations: MigrationResult[] }>(['migrate'], {
    DATABASE_URL: databaseUrl,
  });
  return migrations;
}

export interface SeededOrg {
  org_id: string;
  org_name: string;
  email: string;
  password: string;
  demo_key: string | null;
}

/** `latchkey seed` with the stack's settings: the demo organisations (identity) and their data (data-api). */
export async function seedAll(options: StackOptions): Promise<SeededOrg[]> {
  const identity = serviceEnv(options, 'identity');
  const { organisations } = await latchkeyJson<{ organisations: SeededOrg[] }>(['seed'], {
    ...identity,
    // Each service's own URL (its own role in some tests), as compose names them.
    DATABASE_URL_IDENTITY: identity['DATABASE_URL'] ?? '',
    DATABASE_URL_DATA_API: serviceEnv(options, 'data-api')['DATABASE_URL'] ?? '',
  });
  return organisations;
}
