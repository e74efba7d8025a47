import {
  createLatchkeyClient,
  LatchkeyProblemError,
  unwrap,
  userToken,
  type CallResult,
  type LatchkeyClient,
} from '@latchkey/sdk';
import { CliError } from './cli-error';
import type { CommandContext } from './command-context';
import { resolveConnection, type Connection } from './connection';
import { ExitCode } from './exit-codes';

const USER_AGENT = 'latchkey-cli/0.1.0';

/** A client of the gateway without credentials (`latchkey login` signs in with it). */
export function anonymousClient(url: string): LatchkeyClient {
  return createLatchkeyClient({ baseUrl: url, userAgent: USER_AGENT });
}

/**
 * The client every API command calls the gateway with: the token from --token, LATCHKEY_TOKEN or the
 * stored login (connection.ts decides), sent as a user token. No command writes fetch itself.
 */
export function apiClient(context: CommandContext): { client: LatchkeyClient; connection: Connection } {
  const connection = resolveConnection(context.globals, context.env);
  const client = createLatchkeyClient({
    baseUrl: connection.url,
    credentials: userToken(connection.token),
    userAgent: USER_AGENT,
  });
  return { client, connection };
}

/**
 * Any failure of a call as the CLI error it prints: a refusal keeps the server's problem (its code
 * decides the exit code), an unreachable gateway is `unavailable`. Never the token: the SDK's
 * problems carry the server's words only.
 */
export function apiFailure(error: unknown, url: string): unknown {
  if (error instanceof CliError) return error;
  if (error instanceof LatchkeyProblemError) {
    return CliError.fromProblem({
      status: error.status,
      ...(error.code === undefined ? {} : { code: error.code }),
      title: error.title,
      ...(error.detail === undefined ? {} : { detail: error.detail }),
      ...(error.requestId === undefined ? {} : { request_id: error.requestId }),
    });
  }
  if (isNetworkError(error)) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return new CliError(
      ExitCode.Unavailable,
      'gateway unreachable',
      `${url}: ${cause?.code ?? cause?.message ?? error.message}`,
    );
  }
  return error;
}

/**
 * fetch rejects with a TypeError when the gateway cannot be reached (refused, DNS, reset). By
 * name, not instanceof: undici's errors may come from another realm (a test's VM context).
 */
export function isNetworkError(error: unknown): error is TypeError {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TypeError';
}

/** Awaits one call and maps what it throws (apiFailure). */
export async function call<T>(url: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw apiFailure(error, url);
  }
}

/** One typed SDK call (`client.GET(…)`): its data, or what it failed with as a CliError. */
export function send<D>(url: string, result: CallResult<D> | Promise<CallResult<D>>): Promise<D> {
  return call(url, unwrap(result));
}
