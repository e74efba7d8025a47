import { assertNever, ErrorCode } from '@latchkey/contracts';

/**
 * The exit codes scripts may rely on: the one table (README "Exit codes" prints it). A number,
 * once published, never changes meaning; a new kind of failure gets a new number.
 */
export const ExitCode = {
  Ok: 0,
  /** A failure the CLI cannot classify (a bug, a crash of a task it ran). */
  Unexpected: 1,
  /** The command line or a setting is wrong: nothing was attempted. */
  Usage: 2,
  /** 401: no credential, or it is unknown, expired or revoked (log in again). */
  Unauthenticated: 3,
  /** 403: authenticated but not allowed (scope, role, client IP, path). */
  Forbidden: 4,
  /** 404: no such resource (or one of another organisation). */
  NotFound: 5,
  /** 400, 409, 413, 422…: the request was refused as invalid or conflicting; retrying will not help. */
  Invalid: 6,
  /** 429, 502, 503, 504, or PostgreSQL/NATS/the gateway unreachable: retry later. */
  Unavailable: 7,
  /** A verification found tampering or damage (`audit verify-chain`: a broken chain). */
  IntegrityFailure: 8,
  /** The command ran, but some of its items failed (`audit redrive`: dead letters left). */
  Incomplete: 9,
  /** `scan` found Latchkey secrets (format and checksum) in the files or history it read. */
  SecretsFound: 10,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The stable name of each exit code: the `code` member of a JSON problem on stderr. */
export const EXIT_CODE_NAMES: Record<ExitCode, string> = {
  0: 'ok',
  1: 'unexpected',
  2: 'usage',
  3: 'unauthenticated',
  4: 'forbidden',
  5: 'not_found',
  6: 'invalid',
  7: 'unavailable',
  8: 'integrity_failure',
  9: 'incomplete',
  10: 'secrets_found',
};

/** One line per code, for `--help` and the README. */
export const EXIT_CODE_MEANINGS: Record<ExitCode, string> = {
  0: 'success',
  1: 'unexpected failure (a bug, a task that crashed)',
  2: 'usage: bad command line or setting; nothing was attempted',
  3: 'not authenticated (401): no, unknown, expired or revoked credential',
  4: 'forbidden (403): scope, role, client IP or path not allowed',
  5: 'not found (404)',
  6: 'invalid or conflicting input (400, 409, 413, 422…)',
  7: 'unavailable: rate limited (429), upstream down (502, 503, 504), PostgreSQL/NATS unreachable',
  8: 'integrity failure: the audit chain is broken',
  9: 'incomplete: some items failed (dead letters left)',
  10: 'secrets found: `scan` found Latchkey secrets',
};

/** A problem code of the HTTP contract to an exit code: a switch, so a new code cannot be forgotten. */
export function exitCodeOfErrorCode(code: ErrorCode): ExitCode {
  switch (code) {
    case ErrorCode.InvalidApiKey:
    case ErrorCode.InvalidToken:
    case ErrorCode.InvalidCredentials:
    case ErrorCode.InvalidSignature:
      return ExitCode.Unauthenticated;
    case ErrorCode.InsufficientScope:
    case ErrorCode.IpNotAllowed:
    case ErrorCode.PathNotAllowed:
    case ErrorCode.KeyQuarantined:
    case ErrorCode.Forbidden:
      return ExitCode.Forbidden;
    case ErrorCode.KeyDormant:
      return ExitCode.Forbidden;
    case ErrorCode.NotFound:
      return ExitCode.NotFound;
    case ErrorCode.InvalidRequest:
    case ErrorCode.Conflict:
    case ErrorCode.PayloadTooLarge:
    case ErrorCode.MethodNotAllowed:
    case ErrorCode.UnsupportedMediaType:
    case ErrorCode.UriTooLong:
    case ErrorCode.HeadersTooLarge:
      return ExitCode.Invalid;
    case ErrorCode.RateLimited:
    case ErrorCode.RequestTimeout:
    case ErrorCode.UpstreamUnavailable:
      return ExitCode.Unavailable;
    case ErrorCode.Internal:
      return ExitCode.Unexpected;
    default:
      return assertNever(code);
  }
}

/** An HTTP status without a known problem code (a proxy's answer, an old server) to an exit code. */
export function exitCodeOfStatus(status: number): ExitCode {
  if (status >= 200 && status < 400) return ExitCode.Ok;
  if (status === 401) return ExitCode.Unauthenticated;
  if (status === 403) return ExitCode.Forbidden;
  if (status === 404 || status === 410) return ExitCode.NotFound;
  if (status === 408 || status === 429 || status === 502 || status === 503 || status === 504)
    return ExitCode.Unavailable;
  if (status >= 400 && status < 500) return ExitCode.Invalid;
  return ExitCode.Unexpected;
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/**
 * What the API commands call on a refused request: the problem's `code` decides when it is one of
 * the contract's, else its HTTP status.
 */
export function exitCodeOfProblem(problem: { status?: number; code?: string }): ExitCode {
  if (problem.code !== undefined && KNOWN_CODES.has(problem.code))
    return exitCodeOfErrorCode(problem.code as ErrorCode);
  return problem.status === undefined ? ExitCode.Unexpected : exitCodeOfStatus(problem.status);
}
