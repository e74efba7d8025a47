/**
 * The longest request target (path and query string, in bytes) the gateway serves; a longer one is
 * refused with 414 before any matching. RFC 9110 §4.1 asks servers to support at least 8,000 octets.
 * Every per-request cost that grows with the path (normalisation, `allowed_paths` matching) is
 * measured against this length (bench/path-glob.mjs).
 */
export const MAX_URL_LENGTH = 8192;

/**
 * What a key's `allowed_paths` entry may be. A glob over the normalised path: `*` stands for any
 * characters within one segment, `**` for any characters across segments, and a trailing `/*`
 * also covers deeper paths (`/v1/webhooks/whc_1/*` allows `/v1/webhooks/whc_1/events/evt_1`).
 * The bounds keep every match linear in the path: with at most one wildcard that spans segments,
 * a glob is matched by one pass from the start and one from the end, never by a search.
 */
export const ALLOWED_PATH_RULES = {
  maxLength: 500,
  /** `*` and `**` together. */
  maxWildcards: 8,
  /** `**`, or a trailing `/*` (it spans deeper segments too). */
  maxDeepWildcards: 1,
} as const;

/** Path characters (RFC 3986 pchar without escapes) and `*`, after a leading `/`. */
const ALLOWED_PATH_CHARACTERS = /^\/[A-Za-z0-9._~\-/*:@]*$/;

/**
 * Why `glob` cannot be an allowed path, as a sentence naming the rule; undefined when it can.
 * Identity refuses such a glob with 400 and the console says so before sending.
 */
export function allowedPathProblem(glob: string): string | undefined {
  if (glob.length > ALLOWED_PATH_RULES.maxLength)
    return `must be at most ${ALLOWED_PATH_RULES.maxLength} characters`;
  if (!ALLOWED_PATH_CHARACTERS.test(glob))
    return 'must be an absolute path (starting with /) of path characters and *';
  let wildcards = 0;
  let deep = glob.endsWith('/*') ? 1 : 0;
  for (let i = 0; i < glob.length;) {
    if (glob[i] !== '*') {
      i += 1;
      continue;
    }
    let run = 1;
    while (glob[i + run] === '*') run += 1;
    if (run > 2) return '*** is not a wildcard: use * (within one segment) or ** (across segments)';
    wildcards += 1;
    if (run === 2) deep += 1;
    i += run;
  }
  if (wildcards > ALLOWED_PATH_RULES.maxWildcards)
    return `may hold at most ${ALLOWED_PATH_RULES.maxWildcards} wildcards (* or **)`;
  if (deep > ALLOWED_PATH_RULES.maxDeepWildcards)
    return 'may hold at most one ** (a trailing /* counts as one: it covers deeper paths too)';
  return undefined;
}
