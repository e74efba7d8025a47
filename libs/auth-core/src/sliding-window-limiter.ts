import { LRUCache } from 'lru-cache';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /**
   * Whole seconds until the next request would be admitted (0 while `remaining` is above 0): a
   * client that waits exactly this long is admitted, unless other requests came in meanwhile.
   */
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
  /**
   * Bounded memory at O(1) per request: when full, the least recently used window goes. (A scan for
   * idle windows on every insert let anyone who can mint new ids — addresses for the failure
   * limiter — make each request walk the whole table, and evicted by insertion order, so churn
   * could reset a busy id's count.)
   */
  private readonly windows: LRUCache<string, Window>;

  constructor(
    private readonly now: () => number = Date.now,
    maxEntries = 1_000_000,
  ) {
    // Bounded by size (one per window), not `max`: with `max`, lru-cache allocates every slot up
    // front (about 65 ms and tens of MB for a million), paid again by each limiter constructed.
    this.windows = new LRUCache<string, Window>({ maxSize: maxEntries, sizeCalculation: () => 1 });
  }

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
    // Reading a count is not a use: peek leaves the window's recency alone.
    const w = this.windows.peek(id);
    return w ? usedAt(w, this.now(), windowSeconds * 1000) : 0;
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
      this.windows.set(id, w);
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
    let w = consume ? this.windows.get(id) : this.windows.peek(id);
    if (!w) {
      w = { start, current: 0, previous: 0 };
      if (consume) this.windows.set(id, w);
    } else if (w.start !== start) {
      w.previous = start - w.start === windowMs ? w.current : 0;
      w.current = 0;
      w.start = start;
    }
    const used = usedAt(w, now, windowMs);
    if (used + 1 > limit) {
      return {
        allowed: false,
        limit,
        remaining: 0,
        resetSeconds: secondsUntilAdmitted(w, now, windowMs, limit),
      };
    }
    if (consume) w.current += 1;
    const remaining = Math.max(0, Math.floor(limit - used - (consume ? 1 : 0)));
    return {
      allowed: true,
      limit,
      remaining,
      resetSeconds: remaining > 0 ? 0 : secondsUntilAdmitted(w, now, windowMs, limit),
    };
  }
}

/**
 * The weighted count of window `w` at `now` (ms), without changing it: the previous fixed window's
 * count times how much of it the sliding window still covers, plus the current one. Over time,
 * without requests, it only falls, and continuously (at a window boundary the current count becomes
 * the previous one, still fully covered).
 */
function usedAt(w: Window, now: number, windowMs: number): number {
  const start = now - (now % windowMs);
  const overlap = 1 - (now - start) / windowMs;
  if (start === w.start) return w.previous * overlap + w.current;
  return start - w.start === windowMs ? w.current * overlap : 0;
}

/**
 * Whole seconds from `now` until one more request fits in `w` (none counted meanwhile). The count
 * falls linearly within a fixed window, so the moment is solved for: in the current window if the
 * previous window's share can fall far enough, otherwise in the next one, where the current count
 * has become the weighted previous. Rounding to whole milliseconds and seconds only ever adds.
 */
function secondsUntilAdmitted(w: Window, now: number, windowMs: number, limit: number): number {
  const fits = (at: number) => usedAt(w, at, windowMs) + 1 <= limit;
  if (fits(now)) return 0;
  const end = w.start + windowMs;
  // With `w` rolled to `now`'s window (evaluate does that first), the room needed in a window with
  // counts (previous, current) is reached at offset windowMs × (1 − (limit − 1 − current) / previous).
  let at =
    w.previous > 0 && w.current + 1 <= limit
      ? w.start + Math.ceil(windowMs * (1 - (limit - 1 - w.current) / w.previous))
      : end + Math.ceil(windowMs * (1 - (limit - 1) / w.current));
  // Floating-point rounding can put the solution a millisecond off either way: settle it on the
  // earliest whole millisecond that fits (a few steps at most; two windows on, nothing counts).
  at = Math.max(at, now + 1);
  for (let step = 0; step < 4 && !fits(at); step++) at += 1;
  if (!fits(at)) at = end + windowMs;
  for (let step = 0; step < 4 && at - 1 > now && fits(at - 1); step++) at -= 1;
  return Math.ceil((at - now) / 1000);
}
