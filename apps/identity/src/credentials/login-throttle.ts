import { LRUCache } from 'lru-cache';

/**
 * How many failures the throttle tolerates, and for how long it remembers them. See
 * CredentialThrottle.
 */
export interface ThrottleLimits {
  /** Failures of one account from one source before each further one doubles the wait. */
  failuresBeforeDelay: number;
  /** The longest wait between two attempts on one account from one source (seconds). */
  maxDelaySeconds: number;
  /** Failures on one account from every source within the window; then only its known sources may try. */
  accountMaxFailures: number;
  /** Failures from one source on every account within the window (credential stuffing). */
  sourceMaxFailures: number;
  /** The window of both ceilings, and how long an idle (account, source) pair's failures are remembered (seconds). */
  windowSeconds: number;
}

/** One admitted attempt: it counts as a failure until it is known to have succeeded. */
export interface ThrottledAttempt {
  /** The credential was right: the attempt is refunded and the pair's failures forgotten. */
  succeeded(): void;
  /** The credential was wrong: the wait before the next attempt starts now. */
  failed(): void;
  /** The attempt was not decided (an internal error): it is taken back and counts as nothing. */
  cancelled(): void;
}

export type ThrottleVerdict =
  | { allowed: true; attempt: ThrottledAttempt }
  /** Waiting `retryAfterSeconds` is enough: an attempt then passes every limit that refused this one. */
  | { allowed: false; retryAfterSeconds: number };

/** A source that signed in to an account is known to it this long (ms). */
const KNOWN_SOURCE_MS = 30 * 86_400_000;
const FIRST_DELAY_MS = 1000;

/**
 * The throttle for guessable credentials (passwords at sign-in and password change, public id +
 * secret pairs at token exchange), after NIST SP 800-63B §5.2.2 and OWASP's authentication
 * guidance. It keys on what the attacker controls, so an attacker cannot lock a victim out:
 *
 * - per (account, source): the first `failuresBeforeDelay` failures are free, then each further
 *   one doubles the wait before the next attempt (1 s, 2 s, 4 s, …, at most `maxDelaySeconds`);
 *   a success forgets them. Another source is not slowed by them.
 * - per account, across sources: at most `accountMaxFailures` in the window, far above what a
 *   person types, which bounds guessing spread over many sources; a source that signed in to the
 *   account within 30 days is exempt, so reaching it does not lock the owner out of their own
 *   address either.
 * - per source, across accounts: at most `sourceMaxFailures` in the window (credential stuffing).
 *
 * Only failures count: an attempt counts as a failure from the moment it is admitted (so
 * concurrent attempts cannot overtake the limits) and is refunded when it succeeds. Kept per
 * replica: with N identity replicas an attacker gets at most N times the budget, still bounded.
 * Memory is bounded: beyond `maxEntries` per table, the least recently written entries go (LRU;
 * reads use `peek`, so only a new failure or success keeps an entry).
 */
export class CredentialThrottle {
  private readonly pairs: LRUCache<string, { failures: number; lastAt: number }>;
  private readonly accountFailures: FailureLog;
  private readonly sourceFailures: FailureLog;
  private readonly knownSources: LRUCache<string, number>;
  private readonly windowMs: number;

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly now: () => number = Date.now,
    maxEntries = 100_000,
  ) {
    this.windowMs = limits.windowSeconds * 1000;
    this.pairs = new LRUCache({ max: maxEntries });
    this.knownSources = new LRUCache({ max: maxEntries });
    this.accountFailures = new FailureLog(limits.accountMaxFailures, this.windowMs, maxEntries);
    this.sourceFailures = new FailureLog(limits.sourceMaxFailures, this.windowMs, maxEntries);
  }

  /**
   * May `source` try a credential of `account` now (`account` undefined: a credential that names no
   * account, e.g. a bare API key)? If so, the attempt counts until it is settled.
   */
  begin(account: string | undefined, source: string): ThrottleVerdict {
    const now = this.now();
    const pairId = account === undefined ? undefined : pairKey(account, source);
    const pair = pairId === undefined ? undefined : this.pair(pairId, now);
    let waitMs = this.sourceFailures.waitMs(source, now);
    if (pair && pair.failures >= this.limits.failuresBeforeDelay) {
      waitMs = Math.max(waitMs, pair.lastAt + this.delayMs(pair.failures) - now);
    }
    if (account !== undefined && pairId !== undefined && !this.isKnown(pairId, now)) {
      waitMs = Math.max(waitMs, this.accountFailures.waitMs(account, now));
    }
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };

    this.sourceFailures.add(source, now);
    if (account !== undefined && pairId !== undefined) {
      this.accountFailures.add(account, now);
      this.pairs.set(pairId, { failures: (pair?.failures ?? 0) + 1, lastAt: now });
    }
    let settled = false;
    return {
      allowed: true,
      attempt: {
        succeeded: () => {
          if (settled) return;
          settled = true;
          this.sourceFailures.remove(source, now);
          if (account === undefined || pairId === undefined) return;
          this.accountFailures.remove(account, now);
          this.pairs.delete(pairId);
          this.knownSources.set(pairId, this.now());
        },
        failed: () => {
          if (settled) return;
          settled = true;
          if (pairId === undefined) return;
          // The wait runs from the answer, not from the request: a slow verification does not
          // shorten it.
          const state = this.pairs.peek(pairId);
          if (state) state.lastAt = Math.max(state.lastAt, this.now());
        },
        cancelled: () => {
          if (settled) return;
          settled = true;
          this.sourceFailures.remove(source, now);
          if (account === undefined || pairId === undefined) return;
          this.accountFailures.remove(account, now);
          const state = this.pairs.peek(pairId);
          if (state && state.failures > 0) state.failures -= 1;
        },
      },
    };
  }

  private delayMs(failures: number): number {
    return delayAfterFailures(failures, this.limits);
  }

  private pair(id: string, now: number): { failures: number; lastAt: number } | undefined {
    const state = this.pairs.peek(id);
    if (state && now - state.lastAt > this.windowMs) {
      this.pairs.delete(id);
      return undefined;
    }
    return state;
  }

  private isKnown(pairId: string, now: number): boolean {
    const at = this.knownSources.peek(pairId);
    return at !== undefined && now - at < KNOWN_SOURCE_MS;
  }
}

/**
 * The wait after the n-th consecutive failure of one account from one source: none up to the free
 * ones, then 1 s, 2 s, 4 s, …, at most `maxDelaySeconds` (ms).
 */
export function delayAfterFailures(
  failures: number,
  limits: Pick<ThrottleLimits, 'failuresBeforeDelay' | 'maxDelaySeconds'>,
): number {
  const beyond = failures - limits.failuresBeforeDelay;
  if (beyond < 0) return 0;
  // 2^beyond overflows nothing: beyond is capped well before 2^53.
  return Math.min(FIRST_DELAY_MS * 2 ** Math.min(beyond, 40), limits.maxDelaySeconds * 1000);
}

function pairKey(account: string, source: string): string {
  // NUL is in neither an email, a public id nor an address.
  return `${account}\u0000${source}`;
}

/**
 * The times of the most recent failures per id, at most `limit` of them within the window: exact,
 * so the wait it reports is the real one (the oldest of them leaving the window).
 */
class FailureLog {
  private readonly logs: LRUCache<string, number[]>;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    maxEntries: number,
  ) {
    this.logs = new LRUCache({ max: maxEntries });
  }

  /** How long until one more failure fits (0: now). */
  waitMs(id: string, now: number): number {
    const times = this.recent(id, now);
    if (!times || times.length < this.limit) return 0;
    // Sorted, and at most `limit` long: the oldest must leave the window first.
    return (times[times.length - this.limit] as number) + this.windowMs - now;
  }

  add(id: string, at: number): void {
    const times = this.recent(id, at) ?? [];
    times.push(at);
    if (times.length > this.limit) times.splice(0, times.length - this.limit);
    this.logs.set(id, times);
  }

  /** Takes back one failure recorded at `at` (an attempt that succeeded). */
  remove(id: string, at: number): void {
    const times = this.logs.peek(id);
    if (!times) return;
    const index = times.lastIndexOf(at);
    if (index >= 0) times.splice(index, 1);
    if (times.length === 0) this.logs.delete(id);
  }

  private recent(id: string, now: number): number[] | undefined {
    const times = this.logs.peek(id);
    if (!times) return undefined;
    let expired = 0;
    while (expired < times.length && (times[expired] as number) + this.windowMs <= now) expired += 1;
    if (expired > 0) times.splice(0, expired);
    return times;
  }
}
