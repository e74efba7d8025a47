import { LockMode, type MikroORM } from '@mikro-orm/core';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { Gauge } from 'prom-client';
import { OutboxEventSchema } from './outbox-event.entity';

/**
 * The backlog as the relays see it, labelled by the outbox's schema (one per service: identity,
 * data, …). Every replica reports the same table, so alert on `max by (schema)`.
 */
const oldestPendingAge = new Gauge({
  name: 'latchkey_outbox_oldest_pending_age_seconds',
  help: 'Age of the oldest outbox event not yet published to JetStream (0 when none is pending)',
  labelNames: ['schema'],
});
const pendingEventsGauge = new Gauge({
  name: 'latchkey_outbox_pending_events',
  help: 'Outbox events not yet published (counted up to 100000: that value means at least)',
  labelNames: ['schema'],
});

export interface OutboxRelayOptions {
  orm: MikroORM;
  js: JetStreamClient;
  /** Rows claimed per transaction. */
  batchSize?: number;
  /** Pause between polls when the outbox is empty or NATS is failing. */
  idleMs?: number;
  /** How long to wait for one JetStream ack. */
  publishTimeoutMs?: number;
  /** How often the backlog gauges are refreshed (one indexed query each time). */
  backlogSampleMs?: number;
  onError?: (error: unknown) => void;
}

export const OUTBOX_RELAY_DEFAULTS = { batchSize: 100, idleMs: 250, publishTimeoutMs: 2000 } as const;
/** Often enough for alerts evaluated over minutes, rare enough to cost nothing next to the relay's polls. */
export const OUTBOX_BACKLOG_SAMPLE_MS = 5000;
/** The count stops here: an outage's backlog can be large, and counting all of it every sample is not free. */
export const OUTBOX_PENDING_COUNT_CAP = 100_000;

export interface OutboxBacklog {
  /** Events not yet published, at most OUTBOX_PENDING_COUNT_CAP. */
  pending: number;
  /** Seconds since the oldest of them was written (0 when none). */
  oldestAgeSeconds: number;
}

type RelayTiming = Pick<Required<OutboxRelayOptions>, 'batchSize' | 'idleMs' | 'publishTimeoutMs'>;

/** Room for the claim query and the commit around a round's publishes. */
const CLAIM_MARGIN_MS = 1000;

/**
 * The longest a round may hold its claimed rows: every publish of a full batch waiting its whole
 * timeout, plus the claim and the commit. PostgreSQL enforces it too (the transaction's
 * idle_in_transaction_session_timeout), so a relay whose host vanishes mid-round releases its rows
 * after this, not after TCP keepalive notices (hours).
 */
export function outboxClaimTimeoutMs(timing: RelayTiming = OUTBOX_RELAY_DEFAULTS): number {
  return timing.batchSize * timing.publishTimeoutMs + CLAIM_MARGIN_MS;
}

/**
 * The relay's retry horizon: the longest time between a publish JetStream may have stored (its ack
 * lost, or the round that sent it never committed) and the same row's next publish, with the same
 * Nats-Msg-Id, by this or another relay — the claim released, the next poll, that publish. The
 * stream's duplicate window must be longer, or such a retry is stored twice.
 */
export function outboxRetryHorizonMs(timing: RelayTiming = OUTBOX_RELAY_DEFAULTS): number {
  return outboxClaimTimeoutMs(timing) + timing.idleMs + timing.publishTimeoutMs;
}

/**
 * Publishes outbox rows to JetStream. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
 * relays (one per replica) share the work without publishing a row twice at once; a row is marked
 * published only after JetStream acked it, and Nats-Msg-Id = event id lets JetStream drop the
 * duplicate a crash between ack and commit could cause.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly publishTimeoutMs: number;
  private readonly claimTimeoutMs: number;
  private readonly backlogSampleMs: number;
  private lastSample = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? OUTBOX_RELAY_DEFAULTS.batchSize;
    this.idleMs = options.idleMs ?? OUTBOX_RELAY_DEFAULTS.idleMs;
    this.publishTimeoutMs = options.publishTimeoutMs ?? OUTBOX_RELAY_DEFAULTS.publishTimeoutMs;
    this.backlogSampleMs = options.backlogSampleMs ?? OUTBOX_BACKLOG_SAMPLE_MS;
    this.claimTimeoutMs = outboxClaimTimeoutMs({
      batchSize: this.batchSize,
      idleMs: this.idleMs,
      publishTimeoutMs: this.publishTimeoutMs,
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Ask for a poll now (after a commit that queued events) instead of at the next tick. */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** One claim-publish-mark round; returns how many rows were published. */
  async relayOnce(): Promise<number> {
    const em = this.options.orm.em.fork();
    return em.transactional(async (tx) => {
      // The retry horizon (outboxRetryHorizonMs) holds even if this process vanishes mid-round.
      await tx
        .getConnection()
        .execute(
          `set local idle_in_transaction_session_timeout = ${this.claimTimeoutMs}`,
          [],
          'run',
          tx.getTransactionContext(),
        );
      const rows = await tx.find(
        OutboxEventSchema,
        { publishedAt: null },
        {
          orderBy: { createdAt: 'asc', id: 'asc' },
          limit: this.batchSize,
          lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE,
        },
      );
      let published = 0;
      for (const row of rows) {
        try {
          const headers = natsHeaders();
          headers.set('Content-Type', 'application/cloudevents+json');
          await this.options.js.publish(row.subject, JSON.stringify(row.payload), {
            msgID: row.id,
            timeout: this.publishTimeoutMs,
            headers,
          });
        } catch (error) {
          // Keep order: stop at the first failure, mark what went out, retry the rest later.
          row.attempts += 1;
          this.options.onError?.(error);
          break;
        }
        row.publishedAt = new Date();
        published += 1;
      }
      return published;
    });
  }

  /**
   * Measures the backlog and sets the gauges. Computed in PostgreSQL rather than from the relay's
   * own state: rows another replica holds (SKIP LOCKED) are invisible to this relay's claims, and a
   * relay that cannot publish still has to report what waits. It stays cheap: the oldest pending
   * row is the first entry of the partial index outbox_pending_idx (created_at, where not yet
   * published), and the count reads that index, stopping at OUTBOX_PENDING_COUNT_CAP. Measured on
   * PostgreSQL 15 with 1M published and 200k pending rows: 0.02 ms for the oldest, 25 ms for the
   * capped count (index-only scans), once per OUTBOX_BACKLOG_SAMPLE_MS per replica.
   */
  async sampleBacklog(now = Date.now()): Promise<OutboxBacklog> {
    const em = this.options.orm.em.fork();
    const schema = em.config.get('schema') ?? 'public';
    const table = `"${schema.replaceAll('"', '""')}"."outbox"`;
    const [row] = await em
      .getConnection()
      .execute<{ oldest: Date | string | null; pending: string | number }[]>(
        `select (select min(created_at) from ${table} where published_at is null) as oldest,
              (select count(*) from (select 1 from ${table} where published_at is null
                                     limit ${OUTBOX_PENDING_COUNT_CAP}) as capped) as pending`,
      );
    const oldest = row?.oldest == null ? undefined : new Date(row.oldest).getTime();
    const backlog: OutboxBacklog = {
      pending: Number(row?.pending ?? 0),
      // Clamped: the row's created_at comes from the writing replica's clock, which may run ahead.
      oldestAgeSeconds: oldest === undefined ? 0 : Math.max(0, (now - oldest) / 1000),
    };
    oldestPendingAge.set({ schema }, backlog.oldestAgeSeconds);
    pendingEventsGauge.set({ schema }, backlog.pending);
    return backlog;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.relayOnce();
      } catch (error) {
        this.options.onError?.(error);
      }
      if (Date.now() - this.lastSample >= this.backlogSampleMs) {
        this.lastSample = Date.now();
        // While PostgreSQL is down the gauges keep their last value: nothing can be enqueued then.
        await this.sampleBacklog().catch((error: unknown) => this.options.onError?.(error));
      }
      if (published < this.batchSize && this.running) await this.sleep(this.idleMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
