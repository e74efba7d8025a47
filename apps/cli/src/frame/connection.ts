import { CliError, usageError } from './cli-error';
import { loadLogin } from './credentials';
import { ExitCode } from './exit-codes';

/** The gateway a fresh `npm start` listens on. */
export const DEFAULT_URL = 'http://localhost:8080';

export interface GlobalOptions {
  json?: boolean;
  url?: string;
  token?: string;
}

export interface Connection {
  /** The gateway's base URL, without a trailing slash. */
  url: string;
  /** The bearer token. Never printed, logged or put in an error. */
  token: string;
  /** Where the token came from, to say so when it is refused. */
  tokenSource: '--token' | 'LATCHKEY_TOKEN' | 'stored login';
}

function normaliseUrl(raw: string, from: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`${from} is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw usageError(`${from} must be an http(s) URL: ${raw}`);
  return url.toString().replace(/\/+$/, '');
}

/** The gateway URL: --url, else LATCHKEY_URL, else the stored login's, else the local default. */
export function resolveUrl(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string {
  if (options.url !== undefined) return normaliseUrl(options.url, '--url');
  if (env['LATCHKEY_URL']) return normaliseUrl(env['LATCHKEY_URL'], 'LATCHKEY_URL');
  const stored = loadLogin(env);
  return stored ? normaliseUrl(stored.url, 'the stored login') : DEFAULT_URL;
}

/**
 * What an API command talks to and with: --token, else LATCHKEY_TOKEN, else the stored login —
 * only for the gateway it was made for (a token is never sent to another server) and only while
 * it has not expired.
 */
export function resolveConnection(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv = process.env,
  now: Date = new Date(),
): Connection {
  const url = resolveUrl(options, env);
  if (options.token) return { url, token: options.token, tokenSource: '--token' };
  if (env['LATCHKEY_TOKEN']) return { url, token: env['LATCHKEY_TOKEN'], tokenSource: 'LATCHKEY_TOKEN' };
  const stored = loadLogin(env);
  if (stored && normaliseUrl(stored.url, 'the stored login') === url) {
    if (stored.expires_at !== undefined && Date.parse(stored.expires_at) <= now.getTime())
      throw new CliError(
        ExitCode.Unauthenticated,
        'not authenticated',
        `the stored login for ${url} has expired: run \`latchkey login\``,
      );
    return { url, token: stored.token, tokenSource: 'stored login' };
  }
  throw new CliError(
    ExitCode.Unauthenticated,
    'not authenticated',
    `no token for ${url}: run \`latchkey login\`, or set LATCHKEY_TOKEN (or --token)`,
  );
}
