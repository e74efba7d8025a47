import { LockMode, type MikroORM } from '@mikro-orm/core';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { OutboxEventSchema } from './outbox-event.entity';

export interface OutboxRelayOptions {
  orm: MikroORM;
  js: JetStreamClient;
  /** Rows claimed per transaction. */
  batchSize?: number;
  /** Pause between polls when the outbox is empty or NATS is failing. */
  idleMs?: number;
  /** How long to wait for one JetStream ack. */
  publishTimeoutMs?: number;
  onError?: (error: unknown) => void;
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

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 100;
    this.idleMs = options.idleMs ?? 250;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 2000;
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

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.relayOnce();
      } catch (error) {
        this.options.onError?.(error);
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
