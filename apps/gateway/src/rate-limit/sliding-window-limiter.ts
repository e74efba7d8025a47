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

  constructor(private readonly now: () => number = Date.now) {}

  take(id: string, limit: number, windowSeconds: number): RateDecision {
    const windowMs = windowSeconds * 1000;
    const now = this.now();
    const start = now - (now % windowMs);
    let w = this.windows.get(id);
    if (!w) {
      w = { start, current: 0, previous: 0 };
      this.windows.set(id, w);
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
    w.current += 1;
    return { allowed: true, limit, remaining: Math.max(0, Math.floor(limit - used - 1)), resetSeconds };
  }
}
