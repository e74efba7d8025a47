import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, ExitCode } from '../frame';

/**
 * The services whose one-shot tasks the CLI runs. Each task is the service's own code (its
 * entities, its migrations) run as a process of its own: the CLI never imports another app.
 */
export const DATABASE_SERVICES = ['identity', 'data-api', 'audit'] as const;
export type DatabaseService = (typeof DATABASE_SERVICES)[number];

/** Each service's schema (its DATABASE_SCHEMA default). */
export const SCHEMAS: Record<DatabaseService, string> = {
  identity: 'identity',
  'data-api': 'data',
  audit: 'audit',
};

/** apps/, from apps/cli/{src,dist}/operations: the same layout in the repository and in the images. */
const APPS_DIR = resolve(__dirname, '../../..');

/** A service's built file, e.g. taskPath('audit', 'chain/verify-cli.js'). */
export function taskPath(service: DatabaseService, file: string): string {
  return join(APPS_DIR, service, 'dist', file);
}

/**
 * The database URL a service's task uses: DATABASE_URL_<SERVICE> (its own role, as compose names
 * it), else DATABASE_URL, else `fallback`.
 */
export function databaseUrlOf(service: DatabaseService, env: NodeJS.ProcessEnv, fallback?: string): string {
  const own = env[`DATABASE_URL_${service.toUpperCase().replace(/-/g, '_')}`];
  const url = own || env['DATABASE_URL'] || fallback;
  if (!url) throw new CliError(ExitCode.Usage, 'usage', 'set DATABASE_URL (or --database-url)');
  return url;
}

export interface TaskResult {
  /** The task's exit code (0: done). */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a service's task with `env` and waits for it. Its stdout is the task's result (JSON lines);
 * a failure is left to the caller to classify, except a task that is not built.
 */
export async function runTask(
  service: DatabaseService,
  file: string,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<TaskResult> {
  const path = taskPath(service, file);
  if (!existsSync(path))
    throw new CliError(ExitCode.Unexpected, 'not built', `${path} is missing: run \`npm run build\` first`);
  return new Promise((done) => {
    execFile(
      process.execPath,
      [path, ...args],
      { env, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** The exit code loadConfigOrExit uses for a missing or invalid setting (sysexits' EX_CONFIG). */
const EX_CONFIG = 78;

/** Errors that mean "not reachable now": retry later (exit code 7), not a bug. */
const UNREACHABLE =
  /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|EAI_AGAIN|timeout expired|Connection terminated|the database system is (starting up|shutting down)|CONNECTION_REFUSED/i;

/** A failed task as the CLI error to report: its last stderr line (which names the service) says why. */
export function taskFailure(service: DatabaseService, what: string, result: TaskResult): CliError {
  const lines = result.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const reason = lines[lines.length - 1] ?? `${service} ${what}: exit code ${result.code}`;
  if (result.code === EX_CONFIG) {
    // loadConfigOrExit's lines: a heading, then "- VARIABLE: what is wrong" for each.
    const problems = lines.filter((line) => !line.endsWith(':')).map((line) => line.replace(/^- /, ''));
    return new CliError(ExitCode.Usage, `${service} ${what}: invalid setting`, problems.join('; '));
  }
  if (UNREACHABLE.test(result.stderr)) return new CliError(ExitCode.Unavailable, 'unavailable', reason);
  return new CliError(ExitCode.Unexpected, 'failed', reason);
}

/** Each JSON line of a task's stdout (other lines, a library's chatter, are not the result). */
export function jsonLines(stdout: string): unknown[] {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('{') || line.startsWith('['))
    .map((line) => JSON.parse(line) as unknown);
}
