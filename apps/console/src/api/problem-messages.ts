import { LatchkeyProblemError, type FieldError, type ProblemCode } from '@latchkey/sdk';

/** The gateway could not be reached at all (down, or the browser offline): no answer to read. */
export class GatewayUnreachableError extends Error {
  constructor(options?: ErrorOptions) {
    super('The Latchkey gateway could not be reached. Check your connection and try again.', options);
    this.name = 'GatewayUnreachableError';
  }
}

/** A call made with nobody signed in (a page still loading while its session ended). */
export class NotSignedInError extends Error {
  constructor() {
    super('You are not signed in. Please sign in again.');
    this.name = 'NotSignedInError';
  }
}

type Words = (problem: LatchkeyProblemError) => string;

const roleRefusal: Words = (p) =>
  `Your role does not allow this action${p.detail ? ` (${p.detail})` : ''}. Ask an owner or admin of your organisation.`;

const sessionEnded: Words = () => 'Your session is no longer valid. Please sign in again.';
const tooLarge: Words = () => 'What you sent is too large.';
const notOffered: Words = () => 'The console asked for something the API does not offer. Reload the page.';

const notReachable: Words = (p) =>
  p.status === 504
    ? 'A Latchkey service took too long to answer. Try again in a moment.'
    : 'A Latchkey service is not reachable right now. Try again in a moment.';

/**
 * What a person should read for each error code of the HTTP contract. Keyed by the SDK's
 * `ProblemCode`: a code the contract adds does not compile until it has its words here.
 */
const WORDS: Record<ProblemCode, Words> = {
  invalid_credentials: () => 'The email or password is not right. Check them and try again.',
  invalid_token: sessionEnded,
  invalid_api_key: sessionEnded,
  insufficient_scope: roleRefusal,
  forbidden: roleRefusal,
  ip_not_allowed: () => 'Requests from your network address are not allowed.',
  path_not_allowed: () => 'This credential may not call that address.',
  rate_limited: (p) => `Too many requests. Wait ${p.retryAfterSeconds ?? 'a few'} seconds and try again.`,
  invalid_request: (p) => `Some of what you entered was not accepted${p.detail ? `: ${p.detail}` : '.'}`,
  not_found: () => 'That item does not exist any more, or it belongs to another organisation.',
  conflict: (p) =>
    `That conflicts with the current state${p.detail ? `: ${p.detail}` : '.'} Reload and try again.`,
  payload_too_large: tooLarge,
  headers_too_large: tooLarge,
  uri_too_long: tooLarge,
  method_not_allowed: notOffered,
  unsupported_media_type: notOffered,
  request_timeout: () => 'The request took too long to arrive. Check your connection and try again.',
  upstream_unavailable: notReachable,
  internal_error: () =>
    'Something went wrong on our side. Try again; if it keeps happening, report the request id.',
};

/** An error answer in words; one that is not a Latchkey problem (a proxy's page) says what it can. */
export function problemWords(problem: LatchkeyProblemError): string {
  const words = problem.code === undefined ? undefined : WORDS[problem.code];
  return words ? words(problem) : (problem.detail ?? 'The request failed.');
}

/** What a page shows of any error: words, the fields to fix, and the request id support needs. */
export interface ErrorDescription {
  message: string;
  fieldErrors: readonly FieldError[];
  requestId: string | undefined;
}

export function describeError(error: unknown): ErrorDescription {
  if (error instanceof LatchkeyProblemError)
    return { message: problemWords(error), fieldErrors: error.fieldErrors, requestId: error.requestId };
  return {
    message: error instanceof Error ? error.message : String(error),
    fieldErrors: [],
    requestId: undefined,
  };
}

/** A refusal by the API (4xx): asking again will not change the answer. */
export function isRefusal(error: unknown): boolean {
  return error instanceof LatchkeyProblemError && error.status >= 400 && error.status < 500;
}
