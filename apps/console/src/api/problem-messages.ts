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
  key_dormant: () =>
    'This key was disabled because it went unused. An owner or admin can enable it on its page.',
  insufficient_scope: roleRefusal,
  forbidden: roleRefusal,
  ip_not_allowed: () => 'Requests from your network address are not allowed.',
  path_not_allowed: () => 'This credential may not call that address.',
  key_quarantined: () =>
    'This key was reported leaked and is quarantined: it may only read. Rotate or replace it.',
  invalid_signature: () => 'The signature of what was sent did not verify.',
  rate_limited: (p) => `Too many requests. Wait ${p.retryAfterSeconds ?? 'a few'} seconds and try again.`,
  // With field errors, the detail only repeats the first of them: the fields say it, in words.
  invalid_request: (p) =>
    `Some of what you entered was not accepted${p.detail && p.fieldErrors.length === 0 ? `: ${p.detail}` : '.'}`,
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

/** Field names of a request as a form shows them: `{ max_key_lifetime_days: 'Longest key lifetime' }`. */
export type FieldLabels = Readonly<Record<string, string>>;

/** A field name the form did not label, read aloud: `max_key_lifetime_days` → "Max key lifetime days". */
function humanName(field: string): string {
  // The services name the request itself by where it came from when no field is at fault.
  if (field === 'body' || field === 'query') return 'The request';
  const words = field.replace(/\.\d+/g, '').replace(/[._]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'The request';
}

/** The form field a refused field belongs to: itself, else its nearest labelled parent (`scopes.2` → scopes). */
export function formFieldOf(field: string, labels: FieldLabels): string | undefined {
  for (let path = field; path; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
    if (labels[path] !== undefined) return path;
  }
  return undefined;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a group of settings',
  date: 'a date',
};

const UNIT_WORDS: Record<string, [one: string, many: string]> = {
  characters: ['character', 'characters'],
  items: ['item', 'items'],
  entries: ['entry', 'entries'],
  bytes: ['byte', 'bytes'],
};

const unit = (count: number, name: string) => {
  const words = UNIT_WORDS[name] ?? [name, name];
  return `${count} ${count === 1 ? words[0] : words[1]}`;
};

const quoted = (list: string) =>
  list
    .split(/\s*[|,]\s*/)
    .map((value) => value.replace(/^["']|["']$/g, ''))
    .join(', ');

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** A count limit as a whole count: `<201` → 200, `>0` → 1; `<=`, `>=` and `exactly` as given. */
const wholeBound = (adj: string, value: string) => Number(value) + (adj === '<' ? -1 : adj === '>' ? 1 : 0);

/** A zod issue message's shape, read back into a sentence about the field `label` names. */
type Rule = [shape: RegExp, words: (label: string, ...parts: string[]) => string];

const RULES: readonly Rule[] = [
  [
    /^Too (big|small): expected \w+ to have (<=|>=|<|>|exactly )(\d+) (\w+)$/,
    (label, size = '', adj = '', value = '', units = '') => {
      const n = wholeBound(adj, value);
      const verb = units === 'characters' ? 'be' : 'have';
      if (adj.startsWith('exactly')) return `${label} must ${verb} exactly ${unit(n, units)}.`;
      if (size === 'small' && n === 1)
        return units === 'characters'
          ? `${label} is required.`
          : `${label} needs at least one ${UNIT_WORDS[units]?.[0] ?? 'item'}.`;
      return `${label} ${size === 'big' ? 'can' : 'must'} ${verb} at ${size === 'big' ? 'most' : 'least'} ${unit(n, units)}.`;
    },
  ],
  [
    /^Too (big|small): expected \w+ to be (<=|>=|<|>|exactly )(.+)$/,
    (label, size, adj = '', value) => {
      if (adj.startsWith('exactly')) return `${label} must be exactly ${value}.`;
      if (size === 'big')
        return adj === '<' ? `${label} must be less than ${value}.` : `${label} can be at most ${value}.`;
      return adj === '>' ? `${label} must be more than ${value}.` : `${label} must be at least ${value}.`;
    },
  ],
  [
    /^Invalid input: expected (\w+), received (\w+)$/,
    (label, expected = '', received) =>
      received === 'undefined' || received === 'null'
        ? `${label} is required.`
        : `${label} must be ${TYPE_WORDS[expected] ?? `${article(expected)} ${expected}`}.`,
  ],
  [
    /^Invalid option: expected one of (.+)$/,
    (label, values = '') => `${label} must be one of: ${quoted(values)}.`,
  ],
  [/^Invalid input: expected (.+)$/, (label, value = '') => `${label} must be ${quoted(value)}.`],
  [
    /^Invalid string: must (start with|end with|include) (.+)$/,
    (label, how, text = '') => `${label} must ${how} “${quoted(text)}”.`,
  ],
  [/^Invalid string: must match pattern /, (label) => `${label} is not in the expected format.`],
  [
    /^Invalid number: must be a multiple of (.+)$/,
    (label, step) => `${label} must be a multiple of ${step}.`,
  ],
  [
    /^Unrecognized keys?: (.+)$/,
    (label, keys = '') =>
      `${label} has settings the API does not accept: ${quoted(keys)}. Reload the page and try again.`,
  ],
  // A format zod names (`Invalid email address`, `Invalid ISO datetime`); acronyms kept as written.
  [
    /^Invalid (?!input$|option|string|number|key|value|discriminator)(.+)$/,
    (label, thing = '') =>
      `${label} must be a valid ${/^(ISO|IPv|E\.164|URL|UUID|JWT)/.test(thing) ? thing : thing.toLowerCase()}.`,
  ],
  [/^Invalid (input|key|value|discriminator)/, (label) => `${label} is not valid.`],
];

/**
 * One refused field in a sentence a person understands, naming the field by its label. The
 * services send zod's issue messages (`Too big: expected string to have <=2000 characters`, see
 * `parseInput` in the runtime library): their shape says the issue's code and its limits, which
 * this reads back into words. A refinement's own words (`must not contain NUL characters …`)
 * read after the label.
 */
export function fieldMessage(error: FieldError, label: string): string {
  const message = error.message.trim();
  for (const [shape, words] of RULES) {
    const match = shape.exec(message);
    if (match) return words(label, ...match.slice(1).map((part) => part ?? ''));
  }
  const words = message.replace(/[.\s]+$/, '');
  if (!words) return `${label} is not valid.`;
  return /^[a-z]/.test(words) ? `${label} ${words}.` : `${label}: ${words}.`;
}

/** The refused fields of an error, each in words, keyed by field; those the form has no field for apart. */
export interface FieldErrorWords {
  /** Message per labelled field the form shows (the first refusal of each field). */
  byField: Readonly<Record<string, string>>;
  /** Refusals the form has no field for: the summary lists them, each named. */
  unplaced: readonly string[];
}

export function fieldErrorWords(error: unknown, labels: FieldLabels): FieldErrorWords {
  const byField: Record<string, string> = {};
  const unplaced: string[] = [];
  if (!(error instanceof LatchkeyProblemError)) return { byField, unplaced };
  for (const fieldError of error.fieldErrors) {
    const field = formFieldOf(fieldError.field, labels);
    if (field === undefined) unplaced.push(fieldMessage(fieldError, humanName(fieldError.field)));
    else byField[field] ??= fieldMessage(fieldError, labels[field] ?? field);
  }
  return { byField, unplaced };
}
