import type { components } from './generated/openapi';

/** Problem details (RFC 9457) as every Latchkey answer that is not a success carries them. */
export type Problem = components['schemas']['Problem'];

/** The contract's error codes: stable wire names to switch over (never match on title or detail). */
export type ProblemCode = Problem['code'];

/** A field of the request that did not parse (`invalid_request`). */
export type FieldError = NonNullable<Problem['errors']>[number];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A refusal or failure answered by the API (or on its way: a proxy's 502), as an exception. `code`
 * is the contract's code when the answer was a Latchkey problem, and undefined when it was not (a
 * proxy's HTML error page, an empty body): `status` is always the HTTP status.
 */
export class LatchkeyProblemError extends Error {
  readonly status: number;
  readonly code: ProblemCode | undefined;
  readonly title: string;
  readonly detail: string | undefined;
  /** The gateway's request id: quote it to an operator, it finds the request in every log. */
  readonly requestId: string | undefined;
  readonly fieldErrors: readonly FieldError[];
  /** The whole problem body (extension members included), when the answer was JSON. */
  readonly problem: Readonly<Record<string, unknown>> | undefined;
  /** The answer's `Retry-After`, in seconds, when it had one (429, 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, body: unknown, headers?: Headers) {
    const problem = isRecord(body) ? body : undefined;
    const text = (name: string) =>
      typeof problem?.[name] === 'string' ? (problem[name] as string) : undefined;
    const title = text('title') ?? `HTTP ${status}`;
    const detail = text('detail');
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'LatchkeyProblemError';
    this.status = status;
    this.code = text('code') as ProblemCode | undefined;
    this.title = title;
    this.detail = detail;
    this.requestId = text('request_id') ?? headers?.get('x-request-id') ?? undefined;
    this.fieldErrors = Array.isArray(problem?.['errors'])
      ? (problem['errors'] as unknown[]).filter(
          (e): e is FieldError =>
            isRecord(e) && typeof e['field'] === 'string' && typeof e['message'] === 'string',
        )
      : [];
    this.problem = problem;
    const retryAfter = Number(headers?.get('retry-after') ?? Number.NaN);
    this.retryAfterSeconds = Number.isFinite(retryAfter) ? retryAfter : undefined;
  }

  /** The problem an answer carries (its body read as JSON if it is one; the body is consumed). */
  static async fromResponse(response: Response): Promise<LatchkeyProblemError> {
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return new LatchkeyProblemError(response.status, body, response.headers);
  }
}

/** What openapi-fetch resolves every call with. */
export interface CallResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * The call's data, or its problem thrown as a LatchkeyProblemError:
 * `const key = await unwrap(client.GET('/admin/keys/{id}', { params: { path: { id } } }))`.
 */
export async function unwrap<D>(call: CallResult<D> | Promise<CallResult<D>>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok) throw new LatchkeyProblemError(response.status, error, response.headers);
  return data as D;
}
