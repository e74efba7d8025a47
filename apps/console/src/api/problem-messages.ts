import { ErrorCode, type ProblemDetails } from '@latchkey/contracts';

/** One field the API refused, as `invalid_request` lists them. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An error answer from the gateway, in words a person understands. `requestId` is what support
 * needs to find the request in the logs; every problem+json answer carries one.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly fieldErrors: FieldError[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What a person should read for each error code of the HTTP contract. */
export function humanMessage(problem: Partial<ProblemDetails>, retryAfterSeconds?: number): string {
  switch (problem.code) {
    case ErrorCode.InvalidCredentials:
      return 'The email or password is not right. Check them and try again.';
    case ErrorCode.InvalidToken:
    case ErrorCode.InvalidApiKey:
      return 'Your session is no longer valid. Please sign in again.';
    case ErrorCode.InsufficientScope:
    case ErrorCode.Forbidden:
      return `Your role does not allow this action${problem.detail ? ` (${problem.detail})` : ''}. Ask an owner or admin of your organisation.`;
    case ErrorCode.IpNotAllowed:
      return 'Requests from your network address are not allowed.';
    case ErrorCode.PathNotAllowed:
      return 'This credential may not call that address.';
    case ErrorCode.RateLimited:
      return `Too many requests. Wait ${retryAfterSeconds ?? 'a few'} seconds and try again.`;
    case ErrorCode.InvalidRequest:
      return `Some of what you entered was not accepted${problem.detail ? `: ${problem.detail}` : '.'}`;
    case ErrorCode.NotFound:
      return 'That item does not exist any more, or it belongs to another organisation.';
    case ErrorCode.Conflict:
      return `That conflicts with the current state${problem.detail ? `: ${problem.detail}` : '.'} Reload and try again.`;
    case ErrorCode.PayloadTooLarge:
      return 'What you sent is too large.';
    case ErrorCode.UpstreamUnavailable:
      return problem.status === 504
        ? 'A Latchkey service took too long to answer. Try again in a moment.'
        : 'A Latchkey service is not reachable right now. Try again in a moment.';
    case ErrorCode.Internal:
      return 'Something went wrong on our side. Try again; if it keeps happening, report the request id.';
    default:
      return problem.detail ?? problem.title ?? 'The request failed.';
  }
}

/** Turns a failed response into an ApiError, whether or not its body is problem+json. */
export async function toApiError(response: Response): Promise<ApiError> {
  const requestIdHeader = response.headers.get('x-request-id') ?? undefined;
  const retryAfter = Number(response.headers.get('retry-after')) || undefined;
  let body: Partial<ProblemDetails> = {};
  try {
    body = (await response.json()) as Partial<ProblemDetails>;
  } catch {
    // Not JSON (a proxy's HTML page, say): the status is all we know.
  }
  const code = typeof body.code === 'string' ? body.code : `http_${response.status}`;
  const fieldErrors = Array.isArray(body['errors']) ? (body['errors'] as FieldError[]) : [];
  return new ApiError(
    response.status,
    code,
    humanMessage({ ...body, code: code as ErrorCode }, retryAfter),
    typeof body.request_id === 'string' ? body.request_id : requestIdHeader,
    fieldErrors,
    retryAfter,
  );
}

/** A network failure (gateway down, offline) as an ApiError, so the page shows one kind of error. */
export function networkError(): ApiError {
  return new ApiError(
    0,
    'network_error',
    'The Latchkey gateway could not be reached. Check your connection and try again.',
    undefined,
  );
}
