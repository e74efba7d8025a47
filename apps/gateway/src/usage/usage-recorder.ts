import { EventType, type AuthDeniedData, type KeyUsedData } from '@latchkey/contracts';
import { buildCloudEvent, type EventBus } from '@latchkey/messaging';
import { Counter } from 'prom-client';

interface KeyUsage {
  orgId: string;
  data: KeyUsedData;
}

const dropped = new Counter({
  name: 'gateway_usage_events_dropped_total',
  help: 'Usage and denial events dropped because the buffer was full or NATS did not accept them',
  labelNames: ['type'],
});

export interface UsageRecorderOptions {
  bus: EventBus;
  flushMs: number;
  gatewayId: string;
  /** Most distinct keys (and denials) held between flushes; beyond it events are counted as dropped. */
  maxBuffered?: number;
  onError?: (error: unknown) => void;
}

const SOURCE = 'latchkey/gateway';

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

/**
 * Aggregates usage per key per flush interval and publishes `key.used` (and `auth.denied`) to
 * JetStream off the request path. The buffer is bounded and one flush runs at a time: if NATS is
 * down, what does not fit is dropped and counted by `gateway_usage_events_dropped_total`, never
 * queued without limit.
 */
export class UsageRecorder {
  private usage = new Map<string, KeyUsage>();
  private denials: { orgId: string; data: AuthDeniedData }[] = [];
  private windowStart = new Date();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly maxBuffered: number;

  constructor(private readonly options: UsageRecorderOptions) {
    this.maxBuffered = options.maxBuffered ?? 50_000;
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

  recordUse(
    orgId: string,
    keyId: string,
    status: number,
    route: string,
    ip: string,
    latencyMs: number,
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
      };
      this.usage.set(keyId, entry);
    }
    const d = entry.data;
    d.requests += 1;
    d.by_status[status] = (d.by_status[status] ?? 0) + 1;
    // Bounded: a key probing many paths cannot grow an event without limit.
    if (d.by_path[route] !== undefined || Object.keys(d.by_path).length < 100)
      d.by_path[route] = (d.by_path[route] ?? 0) + 1;
    if (d.by_ip[ip] !== undefined || Object.keys(d.by_ip).length < 100) d.by_ip[ip] = (d.by_ip[ip] ?? 0) + 1;
    d.last_ip = ip;
    d.latency_ms.total += latencyMs;
    if (latencyMs > d.latency_ms.max) d.latency_ms.max = latencyMs;
  }

  recordDenial(orgId: string, data: AuthDeniedData): void {
    if (this.denials.length >= this.maxBuffered) {
      dropped.inc({ type: EventType.AuthDenied });
      return;
    }
    this.denials.push({ orgId, data });
  }

  async flush(): Promise<void> {
    const usage = this.usage;
    const denials = this.denials;
    const windowStart = this.windowStart;
    this.usage = new Map();
    this.denials = [];
    this.windowStart = new Date();
    const windowEnd = this.windowStart.toISOString();
    const publishes: (() => Promise<void>)[] = [];
    const { bus } = this.options;
    for (const { orgId, data } of usage.values()) {
      data.window_start = windowStart.toISOString();
      data.window_end = windowEnd;
      const event = buildCloudEvent({
        type: EventType.KeyUsed,
        orgId,
        source: SOURCE,
        subject: data.key_id,
        data,
      });
      publishes.push(() =>
        this.publish(bus.subjects.event(orgId, EventType.KeyUsed), event.id, event, EventType.KeyUsed),
      );
    }
    for (const { orgId, data } of denials) {
      const event = buildCloudEvent({
        type: EventType.AuthDenied,
        orgId,
        source: SOURCE,
        ...(data.key_id ? { subject: data.key_id } : {}),
        data,
      });
      publishes.push(() =>
        this.publish(bus.subjects.event(orgId, EventType.AuthDenied), event.id, event, EventType.AuthDenied),
      );
    }
    await inLanes(publishes, PUBLISH_CONCURRENCY);
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
