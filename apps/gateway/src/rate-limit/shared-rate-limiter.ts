import type { NatsConnection } from '@nats-io/nats-core';
import { Counter, Histogram } from 'prom-client';
import { BusMessagePurpose } from '@latchkey/contracts';
import {
  BusSequence,
  ReplayGuard,
  signAnnouncement,
  SlidingWindowLimiter,
  verifyAnnouncement,
  type BusKeyRing,
  type BusRefusalReason,
  type RateDecision,
} from '@latchkey/auth-core';

interface Delta {
  windowSeconds: number;
  start: number;
  count: number;
}

export type Wire = {
  gateway: string;
  counts: [id: string, windowSeconds: number, start: number, count: number][];
  /** When the sender sealed it (ms on its clock), once opened; absent from a message being sealed. */
  sentAt?: number;
};

/**
 * How late other replicas' counts arrive. Near a limit the replicas together overshoot by what they
 * admit while a count is on its way, so this is the sharing's error bar; NATS buffering counts
 * through a reconnect shows as seconds. Includes the hosts' clock difference (keep NTP running).
 */
const syncLag = new Histogram({
  name: 'latchkey_rate_limit_sync_lag_seconds',
  help: 'Time from a peer gateway sealing its rate-limit counts to this replica applying them',
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
});
const syncPublishFailures = new Counter({
  name: 'latchkey_rate_limit_sync_publish_failures_total',
  help: 'Rate-limit count broadcasts this replica could not hand to NATS (the other replicas never see them)',
});

/**
 * How counts travel: sealed by the sender, opened (authenticated, fresh, not replayed) by the
 * receiver; a message that does not open is dropped (ADR 0015).
 */
export interface SyncCodec {
  seal(wire: Wire): string;
  open(data: unknown): Wire | undefined;
}

/**
 * HMAC-SHA-256 with RATE_LIMIT_SYNC_KEYS, held by the gateway replicas only: the cheapest
 * authentication for the most frequent message (near a limit, one per admitted request), and no
 * other service can inflate or erase a count. Sender and sequence are inside the MAC, so a
 * replayed or re-attributed message is refused.
 */
export function macSyncCodec(
  ring: BusKeyRing,
  onRefused: (reason: BusRefusalReason) => void,
  now: () => number = Date.now,
): SyncCodec {
  const sequence = new BusSequence();
  const guard = new ReplayGuard();
  return {
    seal: (wire) =>
      JSON.stringify(
        signAnnouncement(
          BusMessagePurpose.RateLimitSync,
          wire.gateway,
          sequence.next(now()),
          { counts: wire.counts },
          ring,
        ),
      ),
    open: (data) => {
      const verified = verifyAnnouncement(BusMessagePurpose.RateLimitSync, data, ring, guard, now());
      if (!verified.ok) {
        onRefused(verified.reason);
        return undefined;
      }
      const { counts } = verified.value.message;
      if (!Array.isArray(counts)) {
        onRefused('malformed');
        return undefined;
      }
      return {
        gateway: verified.value.sender,
        counts: counts as Wire['counts'],
        sentAt: verified.value.seq / 1000,
      };
    },
  };
}

/** A replica not heard of (heartbeat or counts) for this long is no longer counted. */
const PEER_TTL_MS = 15_000;

/**
 * The per-key sliding window, enforced across gateway replicas without a network round trip per
 * request: each replica decides locally and broadcasts what it admitted; the others add it to
 * their windows.
 *
 * When it broadcasts adapts to the headroom: every `syncMs` at the latest, and at once when the
 * requests admitted here since the last broadcast reach this replica's share of what is left
 * (`ceil((limit - used) / replicas)`). Far from the limit that is rare; close to it, every admitted
 * request is announced as it happens. The replicas together therefore overshoot by what they
 * admit within one NATS delivery (about a millisecond), not within a whole sync interval, however
 * the load is spread, and nothing is refused that a single replica would have admitted: a client
 * within its limit is never slowed down by the sharing.
 */
export class SharedRateLimiter {
  private readonly limiter: SlidingWindowLimiter;
  private pending = new Map<string, Delta>();
  private readonly peers = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(
    private readonly nc: NatsConnection,
    private readonly subject: string,
    private readonly gatewayId: string,
    private readonly syncMs: number,
    private readonly codec: SyncCodec,
    now: () => number = Date.now,
  ) {
    this.limiter = new SlidingWindowLimiter(now);
    this.now = now;
  }

  start(): void {
    this.nc.subscribe(this.subject, {
      callback: (error, msg) => {
        if (error) return;
        try {
          this.receive(msg.json<unknown>());
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

  /** Another replica exists (its heartbeat, or its counts): it takes a share of every key's headroom. */
  notePeer(gatewayId: string): void {
    if (gatewayId !== this.gatewayId) this.peers.set(gatewayId, this.now());
  }

  /** This replica and the others heard of recently. */
  replicas(): number {
    const now = this.now();
    for (const [id, seen] of this.peers) if (now - seen > PEER_TTL_MS) this.peers.delete(id);
    return 1 + this.peers.size;
  }

  /** Counts from another replica (the wire message of `flush`), once the codec has authenticated them. */
  receive(data: unknown): void {
    const wire = this.codec.open(data);
    if (!wire || wire.gateway === this.gatewayId) return;
    if (wire.sentAt !== undefined) syncLag.observe(Math.max(0, this.now() - wire.sentAt) / 1000);
    this.notePeer(wire.gateway);
    for (const [id, windowSeconds, start, count] of wire.counts) {
      if (typeof id === 'string' && windowSeconds > 0 && Number.isSafeInteger(count) && count > 0)
        this.limiter.addRemote(id, windowSeconds, start, count);
    }
  }

  take(id: string, limit: number, windowSeconds: number): RateDecision {
    const windowMs = windowSeconds * 1000;
    const now = this.now();
    const start = now - (now % windowMs);
    let delta = this.pending.get(id);
    if (delta && (delta.start !== start || delta.windowSeconds !== windowSeconds)) {
      this.flush();
      delta = undefined;
    }
    const decision = this.limiter.take(id, limit, windowSeconds);
    if (!decision.allowed) return decision;
    if (delta) delta.count += 1;
    else this.pending.set(id, (delta = { windowSeconds, start, count: 1 }));
    const n = this.replicas();
    if (n > 1) {
      const synced = this.limiter.usage(id, windowSeconds) - delta.count;
      if (delta.count >= Math.ceil((limit - synced) / n)) this.flush();
    }
    return decision;
  }

  /** The decision `take` would make, counting nothing (a simulation, ADR 0023). */
  peek(id: string, limit: number, windowSeconds: number): RateDecision {
    return this.limiter.peek(id, limit, windowSeconds);
  }

  /** Broadcasts what this replica admitted since the last broadcast. */
  flush(): void {
    if (this.pending.size === 0) return;
    const counts: Wire['counts'] = [];
    for (const [id, d] of this.pending) counts.push([id, d.windowSeconds, d.start, d.count]);
    this.pending = new Map();
    try {
      this.nc.publish(this.subject, this.codec.seal({ gateway: this.gatewayId, counts }));
    } catch {
      // NATS closed: each replica still enforces the limit on what it sees itself. (While it
      // reconnects, the client buffers instead; the late delivery shows in the lag.)
      syncPublishFailures.inc();
    }
  }
}
