import { boundPathLabel } from '@latchkey/auth-core';
import { eventSourceOf, EventType, type KeyUsedData } from '@latchkey/contracts';
import { buildCloudEvent, type EventBus } from '@latchkey/messaging';
import { Counter } from 'prom-client';
import {
  DenialAggregator,
  type DenialBudgets,
  type DenialDetail,
  type DenialReason,
  type DeniedRequest,
} from './denial-aggregator';

interface KeyUsage {
  orgId: string;
  data: KeyUsedData;
  /** Entries in `by_path` and `by_ip`, so the bound is checked without listing them per request. */
  paths: number;
  ips: number;
}

/** Most entries of one `key.used` event's `by_path` and `by_ip`. */
const MAX_BREAKDOWN = 100;

const dropped = new Counter({
  name: 'gateway_usage_events_dropped_total',
  help: 'Usage and denial events dropped because the usage buffer was full, NATS did not accept them or their data broke its schema',
  labelNames: ['type'],
});

export interface UsageRecorderOptions {
  bus: EventBus;
  flushMs: number;
  gatewayId: string;
  /** Most distinct keys held between flushes; beyond it their usage is counted as dropped. */
  maxBuffered?: number;
  /** Per-organisation budgets of distinct denial records per window (see DenialAggregator). */
  denialBudgets?: DenialBudgets;
  onError?: (error: unknown) => void;
}

const SOURCE = eventSourceOf('gateway');

/**
 * Publishes in flight at once. Each waits for JetStream's ack; a flush of tens of thousands of
 * denials (a flood of bad keys) sent all at once ran into publish timeouts.
 */
export const PUBLISH_CONCURRENCY = 256;

/** Runs the tasks with at most `width` of them pending at any time. */
async function inLanes(tasks: (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let task = tasks[next++]; task; task = tasks[next++]) await task();
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, lane));
}

export const DEFAULT_DENIAL_BUDGETS: DenialBudgets = {
  tuplesPerOrg: 100,
  tuplesAnonymous: 1000,
  orgsPerWindow: 1000,
};

/**
 * Aggregates usage per key and refusals per (organisation or source network, key, reason, status,
 * route) per flush interval (the window), and publishes `key.used` and `auth.denied` to JetStream off
 * the request path. Memory is bounded and one flush runs at a time: if NATS is down, the next
 * intervals keep aggregating into the same bounded window; usage of keys beyond `maxBuffered` is
 * dropped and counted by `gateway_usage_events_dropped_total`, refusals beyond a budget are counted
 * on overflow records (`gateway_denials_overflow_total`), never queued without limit.
 */
export class UsageRecorder {
  private usage = new Map<string, KeyUsage>();
  private readonly denials: DenialAggregator;
  private windowStart = new Date();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly maxBuffered: number;

  constructor(private readonly options: UsageRecorderOptions) {
    this.maxBuffered = options.maxBuffered ?? 50_000;
    this.denials = new DenialAggregator(options.denialBudgets ?? DEFAULT_DENIAL_BUDGETS);
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.options.flushMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }

  /**
   * One flush at a time: while NATS is slow or down (each publish waiting up to its timeout), the
   * next intervals keep aggregating into the bounded buffer instead of starting flushes that would
   * pile up in memory; the first tick after the flush ends sends all of it.
   */
  private tick(): void {
    if (this.flushing) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
    });
  }

  /** `route` is a route label (`GET /v1/projects/:id`); a longer one than a path may be is cut. */
  recordUse(
    orgId: string,
    keyId: string,
    status: number,
    route: string,
    ip: string,
    latencyMs: number,
    quarantined = false,
  ): void {
    let entry = this.usage.get(keyId);
    if (!entry) {
      if (this.usage.size >= this.maxBuffered) {
        dropped.inc({ type: EventType.KeyUsed });
        return;
      }
      entry = {
        orgId,
        data: {
          key_id: keyId,
          window_start: '',
          window_end: '',
          requests: 0,
          by_status: {},
          by_path: {},
          by_ip: {},
          latency_ms: { total: 0, max: 0 },
          last_ip: ip,
          gateway: this.options.gatewayId,
        },
        paths: 0,
        ips: 0,
      };
      this.usage.set(keyId, entry);
    }
    const d = entry.data;
    d.requests += 1;
    d.by_status[status] = (d.by_status[status] ?? 0) + 1;
    // Bounded: a key probing many paths cannot grow an event without limit, nor one long path.
    const path = boundPathLabel(route);
    const onPath = d.by_path[path];
    if (onPath !== undefined) d.by_path[path] = onPath + 1;
    else if (entry.paths < MAX_BREAKDOWN) {
      d.by_path[path] = 1;
      entry.paths++;
    }
    const fromIp = d.by_ip[ip];
    if (fromIp !== undefined) d.by_ip[ip] = fromIp + 1;
    else if (entry.ips < MAX_BREAKDOWN) {
      d.by_ip[ip] = 1;
      entry.ips++;
    }
    d.last_ip = ip;
    d.latency_ms.total += latencyMs;
    if (latencyMs > d.latency_ms.max) d.latency_ms.max = latencyMs;
    // Every use of a key quarantined after a leak is flagged: who still uses it, from where.
    if (quarantined) d.quarantined = (d.quarantined ?? 0) + 1;
  }

  /**
   * Counts one refusal into its window's record (see DenialAggregator): no event is built per
   * refusal. Returns the record's decision id (`dcn_…`), which the refusal answers with (ADR 0023). `orgId` undefined: tied to no organisation, grouped by the client's source network.
   */
  recordDenial(
    orgId: string | undefined,
    keyId: string | undefined,
    reason: DenialReason,
    status: number,
    route: string,
    clientIp: string,
    request: DeniedRequest,
    detail?: DenialDetail,
  ): string {
    return this.denials.record(orgId, keyId, reason, status, route, clientIp, request, undefined, detail);
  }

  async flush(): Promise<void> {
    const usage = this.usage;
    const windowStart = this.windowStart;
    this.usage = new Map();
    this.windowStart = new Date();
    const denials = this.denials.takeWindow(windowStart, this.windowStart, this.options.gatewayId);
    const windowEnd = this.windowStart.toISOString();
    const publishes: (() => Promise<void>)[] = [];
    const { bus } = this.options;
    for (const { orgId, data } of usage.values()) {
      data.window_start = windowStart.toISOString();
      data.window_end = windowEnd;
      const event = this.build(EventType.KeyUsed, () =>
        buildCloudEvent({ type: EventType.KeyUsed, orgId, source: SOURCE, subject: data.key_id, data }),
      );
      if (event)
        publishes.push(() =>
          this.publish(bus.subjects.event(orgId, EventType.KeyUsed), event.id, event, EventType.KeyUsed),
        );
    }
    for (const { orgId, data } of denials) {
      const event = this.build(EventType.AuthDenied, () =>
        buildCloudEvent({
          type: EventType.AuthDenied,
          orgId,
          source: SOURCE,
          ...(data.key_id ? { subject: data.key_id } : {}),
          time: new Date(data.last_at),
          data,
        }),
      );
      if (event)
        publishes.push(() =>
          this.publish(
            bus.subjects.event(orgId, EventType.AuthDenied),
            event.id,
            event,
            EventType.AuthDenied,
          ),
        );
    }
    await inLanes(publishes, PUBLISH_CONCURRENCY);
  }

  /**
   * An event whose data does not match its schema is a bug: it is dropped (counted and reported)
   * rather than sent, and the rest of the window is still published — the flush runs on a timer,
   * where a throw would stop the gateway.
   */
  private build<E>(type: string, build: () => E): E | undefined {
    try {
      return build();
    } catch (error) {
      dropped.inc({ type });
      this.options.onError?.(error);
      return undefined;
    }
  }

  private async publish(subject: string, id: string, event: unknown, type: string): Promise<void> {
    try {
      await this.options.bus.js.publish(subject, JSON.stringify(event), { msgID: id, timeout: 2000 });
    } catch (error) {
      dropped.inc({ type });
      this.options.onError?.(error);
    }
  }
}
