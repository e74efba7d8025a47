import type { NatsConnection } from '@nats-io/nats-core';
import { SlidingWindowLimiter, type RateDecision } from '@latchkey/auth-core';

interface Delta {
  windowSeconds: number;
  start: number;
  count: number;
}

type Wire = { gateway: string; counts: [id: string, windowSeconds: number, start: number, count: number][] };

/**
 * The per-key sliding window, enforced across gateway replicas without a network round trip per
 * request: each replica decides locally, and every `syncMs` broadcasts what it admitted since the
 * last broadcast; the others add it to their windows. Overshoot is bounded by what the other
 * replicas admit within one sync interval.
 */
export class SharedRateLimiter {
  private readonly limiter: SlidingWindowLimiter;
  private pending = new Map<string, Delta>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly subject: string,
    private readonly gatewayId: string,
    private readonly syncMs: number,
    now: () => number = Date.now,
  ) {
    this.limiter = new SlidingWindowLimiter(now);
    this.now = now;
  }

  private readonly now: () => number;

  start(): void {
    this.nc.subscribe(this.subject, {
      callback: (error, msg) => {
        if (error) return;
        try {
          const wire = msg.json<Wire>();
          if (wire.gateway === this.gatewayId || !Array.isArray(wire.counts)) return;
          for (const [id, windowSeconds, start, count] of wire.counts) {
            if (typeof id === 'string' && windowSeconds > 0 && count > 0)
              this.limiter.addRemote(id, windowSeconds, start, count);
          }
        } catch {
          // Not a rate-limit sync message: ignore.
        }
      },
    });
    this.timer = setInterval(() => this.flush(), this.syncMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.flush();
  }

  take(id: string, limit: number, windowSeconds: number): RateDecision {
    const decision = this.limiter.take(id, limit, windowSeconds);
    if (decision.allowed) {
      const windowMs = windowSeconds * 1000;
      const now = this.now();
      const start = now - (now % windowMs);
      const delta = this.pending.get(id);
      if (delta && delta.start === start && delta.windowSeconds === windowSeconds) delta.count += 1;
      else {
        if (delta) this.flush();
        this.pending.set(id, { windowSeconds, start, count: 1 });
      }
    }
    return decision;
  }

  private flush(): void {
    if (this.pending.size === 0) return;
    const counts: Wire['counts'] = [];
    for (const [id, d] of this.pending) counts.push([id, d.windowSeconds, d.start, d.count]);
    this.pending = new Map();
    try {
      this.nc.publish(this.subject, JSON.stringify({ gateway: this.gatewayId, counts } satisfies Wire));
    } catch {
      // NATS down: each replica still enforces the limit on what it sees itself.
    }
  }
}
