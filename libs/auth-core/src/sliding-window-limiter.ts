export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window has room again. */
  resetSeconds: number;
}

interface Window {
  start: number;
  current: number;
  previous: number;
}

/**
 * Sliding-window counter per key: the previous fixed window's count, weighted by how much of it
 * still overlaps the sliding window, plus the current one. O(1) memory per key, no timers.
 */
export class SlidingWindowLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 1_000_000,
  ) {}

  /** Counts one request for `id` if the limit allows it. */
  take(id: string, limit: number, windowSeconds: number): RateDecision {
    return this.evaluate(id, limit, windowSeconds, true);
  }

  /** The decision `take` would make, without counting anything. */
  peek(id: string, limit: number, windowSeconds: number): RateDecision {
    return this.evaluate(id, limit, windowSeconds, false);
  }

  /** How many requests currently count against `id` (the weighted sliding-window sum), counting nothing. */
  usage(id: string, windowSeconds: number): number {
    const w = this.windows.get(id);
    if (!w) return 0;
    const windowMs = windowSeconds * 1000;
    const now = this.now();
    const start = now - (now % windowMs);
    if (w.start === start) return w.previous * (1 - (now - start) / windowMs) + w.current;
    // The stored window has ended: it is now the previous one (or older, counting nothing).
    return start - w.start === windowMs ? w.current * (1 - (now - start) / windowMs) : 0;
  }

  /**
   * Adds requests another replica admitted for `id` in the fixed window starting at `start`
   * (epoch ms), so replicas sharing their counts enforce one limit together.
   */
  addRemote(id: string, windowSeconds: number, start: number, count: number): void {
    const windowMs = windowSeconds * 1000;
    const now = this.now();
    const currentStart = now - (now % windowMs);
    let w = this.windows.get(id);
    if (!w) {
      w = { start: currentStart, current: 0, previous: 0 };
      this.remember(id, w, now, windowMs);
    } else if (w.start !== currentStart) {
      w.previous = currentStart - w.start === windowMs ? w.current : 0;
      w.current = 0;
      w.start = currentStart;
    }
    if (start === w.start) w.current += count;
    else if (start === w.start - windowMs) w.previous += count;
    // Older than the previous window: it no longer counts.
  }

  get size(): number {
    return this.windows.size;
  }

  private evaluate(id: string, limit: number, windowSeconds: number, consume: boolean): RateDecision {
    const windowMs = windowSeconds * 1000;
    const now = this.now();
    const start = now - (now % windowMs);
    let w = this.windows.get(id);
    if (!w) {
      w = { start, current: 0, previous: 0 };
      if (consume) this.remember(id, w, now, windowMs);
    } else if (w.start !== start) {
      w.previous = start - w.start === windowMs ? w.current : 0;
      w.current = 0;
      w.start = start;
    }
    const overlap = 1 - (now - start) / windowMs;
    const used = w.previous * overlap + w.current;
    const resetSeconds = Math.max(1, Math.ceil((start + windowMs - now) / 1000));
    if (used + 1 > limit) {
      return { allowed: false, limit, remaining: 0, resetSeconds };
    }
    if (consume) w.current += 1;
    return {
      allowed: true,
      limit,
      remaining: Math.max(0, Math.floor(limit - used - (consume ? 1 : 0))),
      resetSeconds,
    };
  }

  /** Bounded memory: when full, windows idle for two window lengths are forgotten first. */
  private remember(id: string, w: Window, now: number, windowMs: number): void {
    if (this.windows.size >= this.maxEntries) {
      for (const [other, state] of this.windows) {
        if (now - state.start >= 2 * windowMs) this.windows.delete(other);
      }
      if (this.windows.size >= this.maxEntries) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
    }
    this.windows.set(id, w);
  }
}
