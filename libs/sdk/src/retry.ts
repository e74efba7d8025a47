/** How the client retries: defaults suit an integration calling the gateway over the network. */
export interface RetryOptions {
  /** Attempts of one call, the first included (1: never retry). Default 3. */
  maxAttempts?: number;
  /** The longest wait before a retry; a `Retry-After` longer than this is not waited for. Default 30 s. */
  maxDelayMs?: number;
  /** The first backoff's ceiling; each further one doubles it (full jitter). Default 250 ms. */
  baseDelayMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy = { maxAttempts: 3, maxDelayMs: 30_000, baseDelayMs: 250, ...options };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1)
    throw new RangeError('retry.maxAttempts: an integer of at least 1');
  if (!(policy.maxDelayMs >= 0) || !(policy.baseDelayMs >= 0))
    throw new RangeError('retry.maxDelayMs and retry.baseDelayMs: at least 0');
  return policy;
}

/**
 * Methods that may be sent twice with the effect of once (RFC 9110 §9.2.2). Only these are retried
 * after an answer that may have come after the service acted (502, 504, a lost connection).
 */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** `Retry-After` in milliseconds from now: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full jitter: a random wait up to base × 2^(retry − 1), never more than the policy's ceiling. */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * How long to wait before sending a call again after this answer, or undefined not to.
 * - 429 and 503 with `Retry-After`: the gateway (its rate limiter) or the service (its database
 *   away, or shutting down) refused before acting, so every method is retried after that wait.
 * - 502, 503, 504 otherwise: the request may have been acted on; only idempotent methods, with
 *   backoff.
 */
export function delayAfterAnswer(
  policy: RetryPolicy,
  method: string,
  response: Response,
  retry: number,
  now: number,
): number | undefined {
  const { status } = response;
  if (status === 429 || status === 503) {
    const wait = retryAfterMs(response.headers.get('retry-after'), now);
    if (wait !== undefined) return wait <= policy.maxDelayMs ? wait : undefined;
  }
  if ((status === 502 || status === 503 || status === 504) && IDEMPOTENT.has(method)) {
    return backoffMs(policy, retry);
  }
  return undefined;
}

/** After a network error (no answer at all): idempotent methods only, with backoff. */
export function delayAfterNetworkError(
  policy: RetryPolicy,
  method: string,
  retry: number,
): number | undefined {
  return IDEMPOTENT.has(method) ? backoffMs(policy, retry) : undefined;
}

/** Waits, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
