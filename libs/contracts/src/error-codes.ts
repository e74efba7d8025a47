/**
 * Error codes of the HTTP contract. Wire names: integrations match on them, never rename one.
 */
export const ErrorCode = {
  InvalidApiKey: 'invalid_api_key',
  KeyDormant: 'key_dormant',
  InvalidToken: 'invalid_token',
  InsufficientScope: 'insufficient_scope',
  IpNotAllowed: 'ip_not_allowed',
  PathNotAllowed: 'path_not_allowed',
  KeyQuarantined: 'key_quarantined',
  InvalidSignature: 'invalid_signature',
  RateLimited: 'rate_limited',
  InvalidRequest: 'invalid_request',
  InvalidCredentials: 'invalid_credentials',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  MethodNotAllowed: 'method_not_allowed',
  UnsupportedMediaType: 'unsupported_media_type',
  UriTooLong: 'uri_too_long',
  HeadersTooLarge: 'headers_too_large',
  RequestTimeout: 'request_timeout',
  UpstreamUnavailable: 'upstream_unavailable',
  Internal: 'internal_error',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * How a document describes a problem an operation answers: its code first, then why
 * (`conflict: the key is revoked`, `rate_limited, with Retry-After`). Typed, so a document can only
 * name a code this table declares.
 */
export type ProblemDescription =
  | ErrorCode
  | `${ErrorCode}: ${string}`
  | `${ErrorCode}, ${string}`
  | `${ErrorCode} (${string}`
  | `${ErrorCode} or ${ErrorCode}: ${string}`;

export function assertNever(value: never): never {
  throw new Error(`unhandled value: ${String(value)}`);
}

/** The one table from error code to HTTP status and human title. */
export function describeError(code: ErrorCode): { status: number; title: string } {
  switch (code) {
    case ErrorCode.InvalidApiKey:
      return { status: 401, title: 'Invalid API key' };
    case ErrorCode.KeyDormant:
      return { status: 403, title: 'API key disabled as dormant' };
    case ErrorCode.InvalidToken:
      return { status: 401, title: 'Invalid or expired token' };
    case ErrorCode.InvalidCredentials:
      return { status: 401, title: 'Invalid email or password' };
    case ErrorCode.InsufficientScope:
      return { status: 403, title: 'Insufficient scope' };
    case ErrorCode.IpNotAllowed:
      return { status: 403, title: 'Client IP not allowed for this key' };
    case ErrorCode.PathNotAllowed:
      return { status: 403, title: 'Path not allowed for this key' };
    case ErrorCode.KeyQuarantined:
      return { status: 403, title: 'Key quarantined after a leak: reads only' };
    case ErrorCode.InvalidSignature:
      return { status: 401, title: 'Invalid signature' };
    case ErrorCode.Forbidden:
      return { status: 403, title: 'Forbidden' };
    case ErrorCode.RateLimited:
      return { status: 429, title: 'Rate limit exceeded' };
    case ErrorCode.InvalidRequest:
      return { status: 400, title: 'Invalid request' };
    case ErrorCode.NotFound:
      return { status: 404, title: 'Not found' };
    case ErrorCode.Conflict:
      return { status: 409, title: 'Conflict' };
    case ErrorCode.PayloadTooLarge:
      return { status: 413, title: 'Payload too large' };
    case ErrorCode.MethodNotAllowed:
      return { status: 405, title: 'Method not allowed' };
    case ErrorCode.UnsupportedMediaType:
      return { status: 415, title: 'Unsupported media type' };
    case ErrorCode.UriTooLong:
      return { status: 414, title: 'URI too long' };
    case ErrorCode.HeadersTooLarge:
      return { status: 431, title: 'Request header fields too large' };
    case ErrorCode.RequestTimeout:
      return { status: 408, title: 'Request timeout' };
    case ErrorCode.UpstreamUnavailable:
      return { status: 502, title: 'Upstream unavailable' };
    case ErrorCode.Internal:
      return { status: 500, title: 'Internal error' };
    default:
      return assertNever(code);
  }
}

/** RFC 9457 problem details, as every Latchkey service answers an error. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  request_id?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(
  code: ErrorCode,
  detail?: string,
  extensions: Record<string, unknown> = {},
): ProblemDetails {
  const { status, title } = describeError(code);
  return {
    type: `https://latchkey.dev/problems/${code}`,
    title,
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    ...extensions,
  };
}

/**
 * 504: the contract names it `upstream_unavailable`, as 502; the status and title say it timed out.
 */
export function upstreamTimeoutProblem(detail: string): ProblemDetails {
  return { ...problem(ErrorCode.UpstreamUnavailable, detail), status: 504, title: 'Upstream timed out' };
}
