import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { CliError } from './cli-error';
import { ExitCode } from './exit-codes';

/** What `latchkey login` keeps: where it signed in, and the bearer token it got. */
const storedLoginSchema = z.object({
  url: z.url(),
  token: z.string().min(1),
  /** When the token stops working (ISO 8601); absent: the server did not say. */
  expires_at: z.iso.datetime().optional(),
  /** Who signed in, to show in `latchkey login --status`; never a password. */
  email: z.string().optional(),
});

export type StoredLogin = z.infer<typeof storedLoginSchema>;

/** The credentials file: $XDG_CONFIG_HOME/latchkey/credentials.json, else ~/.config/latchkey/…. */
export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  const config = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  return join(config, 'latchkey', 'credentials.json');
}

/**
 * Stores a login: the directory 0700, the file 0600 from its first byte (written under another
 * name with that mode, then renamed over the old one), so the token is never readable by others.
 */
export function saveLogin(login: StoredLogin, env: NodeJS.ProcessEnv = process.env): string {
  const file = credentialsPath(env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Ours alone, even if something made it before with the umask's mode.
  chmodSync(dirname(file), 0o700);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(storedLoginSchema.parse(login))}\n`, { mode: 0o600 });
  // The umask may have narrowed the mode, never widened it; a pre-existing file keeps its own.
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  return file;
}

/**
 * The stored login, or undefined when there is none. A file others may read is refused (as ssh
 * refuses such a key): the token in it must be taken as leaked.
 */
export function loadLogin(env: NodeJS.ProcessEnv = process.env): StoredLogin | undefined {
  const file = credentialsPath(env);
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return undefined;
  if ((stat.mode & 0o077) !== 0)
    throw new CliError(
      ExitCode.Usage,
      'credentials file readable by others',
      `${file} has mode ${(stat.mode & 0o777).toString(8)}: run \`chmod 600 ${file}\`, or log in again`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    parsed = undefined;
  }
  const login = storedLoginSchema.safeParse(parsed);
  if (!login.success)
    throw new CliError(ExitCode.Usage, 'credentials file unreadable', `${file}: log in again`);
  return login.data;
}

/** `latchkey logout`: forgets the stored login (nothing to do if there is none). */
export function clearLogin(env: NodeJS.ProcessEnv = process.env): void {
  rmSync(credentialsPath(env), { force: true });
}
