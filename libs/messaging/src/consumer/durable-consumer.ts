import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { CloudEvent } from '@latchkey/contracts';
import { handleBatch, type Delivery } from './batch-handler';
import { batchesToStart, dueForProgress } from './batching';

/** A message that can never be stored, as it is kept in the dead-letter stream. */
export interface DeadLetter {
  subject: string;
  /** Its sequence in the source stream. */
  seq: number;
  data: Uint8Array;
}

export interface DurableConsumerOptions {
  /** The connection `js` uses: JetStream's advisories arrive on it. */
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  durable: string;
  filterSubject: string;
  /**
   * Stores a batch of events. Must be idempotent by event id (a UNIQUE id and insert-or-ignore):
   * JetStream delivers at least once, so the same event can arrive again after a crash.
   * Messages are acked only after this resolves, i.e. after the commit. With `pipelineDepth` > 1,
   * that many calls may be pending at once (the next batch is prepared while the previous one
   * commits); the store then decides the order they commit in.
   */
  store(events: CloudEvent[]): Promise<void>;
  /**
   * Refuses an envelope that is well-formed but can never be stored (e.g. an unknown type, or one
   * its subject or producer contradicts); `subject` is the NATS subject it was published on.
   */
  validate?(event: CloudEvent, subject: string): string | undefined;
  /**
   * Is this store failure one of the store's infrastructure (its database unreachable, a cut
   * connection) rather than of the events? Then the batch is held and retried until it is stored,
   * without using up deliveries: an outage of any length sends nothing to the dead-letter stream.
   * Other failures are narrowed down to the events that cause them (the batch is split).
   */
  isTransient?(error: unknown): boolean;
  /**
   * A message that can never be stored (invalid envelope, failing alone on its last delivery, or
   * given up by JetStream after its last delivery, e.g. a crash while it was being stored). It
   * should keep the message somewhere (a dead-letter stream); if it throws, the message is left for
   * redelivery instead.
   */
  onDeadLetter?(message: DeadLetter, reason: string): Promise<void> | void;
  onError?(error: unknown): void;
  /** The most events stored in one call. */
  batchSize?: number;
  maxDeliver?: number;
  /** Redelivery delays, ms, for a failed store (the last repeats). */
  backoffMs?: number[];
  /**
   * How long a delivered message may stay unacknowledged before JetStream delivers it again
   * (the recovery time after a crash). A message waits for up to about three batches (filling,
   * being prepared, the one committing), so this must exceed that under load, or batches
   * are delivered again while still queued: stored once all the same, but the work is repeated.
   */
  ackWaitMs?: number;
  /** Batches handed to `store` at once (default 1): 2 overlaps one's preparation with the other's commit. */
  pipelineDepth?: number;
}

const DEFAULT_ACK_WAIT_MS = 15_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * An idempotent durable pull consumer: explicit acks, a bounded delivery count with back-off.
 *
 * Messages flow continuously (`consume()`): when nothing is being stored, whatever has arrived is
 * stored at once (a quiet stream's events are not held back to fill a batch); while a batch is
 * being stored, the next one fills up to `batchSize` and starts as soon as it is full, so busy
 * streams are stored in large batches (with `pipelineDepth` 2, the preparation of one overlapping
 * the commit of the other). Each batch is acked only after its own commit.
 *
 * Nothing delivered is dropped: while the store is down, every message held (being stored or
 * waiting) is kept from redelivery with in-progress acks; events that fail on their own are
 * redelivered with back-off and dead-lettered on their last delivery; and what JetStream gives up
 * on after its last delivery anyway (its MAX_DELIVERIES advisory) is dead-lettered from the stream.
 *
 * The decisions (batching, what becomes of each message after a store) are pure (batching.ts) and
 * one batch is driven by batch-handler.ts; this class is the NATS shell around them.
 */
export class DurableConsumer {
  private running = false;
  private loop: Promise<void> | undefined;
  private messages: ConsumerMessages | undefined;
  private readonly active = new Set<Promise<void>>();
  /** Delivered and not yet acked, nakked or terminated, with when it was last delivered or marked in progress. */
  private readonly held = new Map<JsMsg, number>();
  private keepAlive: ReturnType<typeof setInterval> | undefined;
  private advisories: Subscription | undefined;
  /** Set by stop(), so that a start() still setting up does not begin consuming afterwards. */
  private stopped = false;
  /** The consuming loop ended without stop(): its connection closed for good. */
  private ended = false;

  constructor(private readonly options: DurableConsumerOptions) {}

  private get batchSize(): number {
    return this.options.batchSize ?? 500;
  }

  private get depth(): number {
    return Math.max(1, this.options.pipelineDepth ?? 1);
  }

  async start(): Promise<void> {
    const { jsm, stream, durable, filterSubject } = this.options;
    const maxDeliver = this.options.maxDeliver ?? 10;
    const ackWaitMs = this.options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
    const ackWait = ackWaitMs * 1_000_000; // JetStream takes nanoseconds
    // Room for the batches being stored and the one filling: no more is delivered before acks.
    const maxAckPending = Math.max(10_000, (this.depth + 1) * this.batchSize);
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filterSubject,
      max_deliver: maxDeliver,
      // Redelivery after a failed store is paced by nak delays (backoffMs); after a crash, by ack_wait.
      ack_wait: ackWait,
      max_ack_pending: maxAckPending,
    };
    if (this.advisories) throw new Error(`durable consumer ${durable} is already started`);
    this.stopped = false;
    // Listen for given-up messages before anything can be delivered, and make sure the server has
    // the subscription: an advisory published before it is lost.
    this.watchGivenUp();
    try {
      await this.options.nc.flush();
      try {
        await jsm.consumers.info(stream, durable);
        await jsm.consumers.update(stream, durable, {
          max_deliver: maxDeliver,
          backoff: [],
          ack_wait: ackWait,
          max_ack_pending: maxAckPending,
          filter_subject: filterSubject,
        });
      } catch {
        await jsm.consumers.add(stream, config);
      }
    } catch (error) {
      // Not started: leave the advisories' queue group to the replicas that are.
      this.unwatchGivenUp();
      throw error;
    }
    // stop() was called while this was setting up: stay stopped.
    if (this.stopped) {
      this.unwatchGivenUp();
      return;
    }
    this.running = true;
    // A held message is marked in progress once it has waited a third of the ack wait: a batch held
    // through an outage, and the messages queued behind it, are not delivered again meanwhile.
    this.keepAlive = setInterval(() => {
      for (const msg of dueForProgress(this.held, Date.now(), ackWaitMs)) {
        try {
          msg.working();
        } catch {
          // The connection is gone: JetStream will deliver it again, here or elsewhere.
        }
        this.held.set(msg, Date.now());
      }
    }, ackWaitMs / 6);
    this.keepAlive.unref();
    this.loop = this.run();
  }

  /**
   * Readiness: the consumer is consuming, or retrying through an outage. It fails once the loop has
   * ended on a closed connection: nothing will be delivered to this process again.
   */
  async check(): Promise<void> {
    if (this.ended) throw new Error(`consumer ${this.options.durable} stopped: connection closed`);
    if (!this.running && !this.stopped) throw new Error(`consumer ${this.options.durable} not started`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    await this.messages?.close().catch(() => undefined);
    await this.loop;
    clearInterval(this.keepAlive);
    this.unwatchGivenUp();
  }

  private unwatchGivenUp(): void {
    try {
      this.advisories?.unsubscribe();
    } catch {
      // The connection is closed: the subscription is gone with it.
    }
    this.advisories = undefined;
  }

  /**
   * JetStream's MAX_DELIVERIES advisory names each message it will not deliver again (its last
   * delivery was nakked, or timed out because the process died): dead-letter it from the stream, so
   * it is kept rather than silently skipped. One replica of the consumer's queue group handles each.
   */
  private watchGivenUp(): void {
    const { nc, jsm, stream, durable } = this.options;
    this.advisories = nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${durable}`, {
      queue: durable,
      callback: (error, advisory) => {
        if (error) return;
        void (async () => {
          const { stream_seq: seq, deliveries } = advisory.json<{ stream_seq: number; deliveries: number }>();
          const message = await jsm.streams.getMessage(stream, { seq });
          if (!message) return; // Acked meanwhile, or already gone from the stream.
          await this.options.onDeadLetter?.(
            { subject: message.subject, seq, data: message.data },
            `max deliveries reached (${deliveries})`,
          );
        })().catch((failure: unknown) => this.options.onError?.(failure));
      },
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      const pending: JsMsg[] = [];
      try {
        const consumer = await this.options.js.consumers.get(this.options.stream, this.options.durable);
        // A callback rather than the async iterator: per message it costs a small fraction of the
        // iterator's promise round trip. The server bounds what is delivered and not yet acked
        // (max_ack_pending), which bounds `pending`.
        this.messages = await consumer.consume({
          max_messages: this.batchSize,
          callback: (msg) => {
            this.held.set(msg, Date.now());
            pending.push(msg);
            this.dispatch(pending);
          },
        });
        if (!this.running) await this.messages.close();
        const ended = await this.messages.closed();
        if (ended instanceof Error) throw ended;
      } catch (error) {
        this.options.onError?.(error);
      } finally {
        await this.messages?.close().catch(() => undefined);
        this.messages = undefined;
        // Not handed to the store: let JetStream deliver them again right away.
        for (const msg of pending.splice(0)) this.settle(msg, 'nak');
      }
      // A closed connection (not one that is reconnecting) is final: nothing more can arrive.
      if (this.options.nc.isClosed()) {
        this.ended = this.running;
        break;
      }
      if (this.running) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Every batch already handed to the store is acked (or nakked) before stopping.
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
  }

  /** Idle: store what has arrived now. Busy: start the next batch only once it is full. */
  private dispatch(pending: JsMsg[]): void {
    if (!this.running) return;
    for (const size of batchesToStart(pending.length, this.active.size, {
      batchSize: this.batchSize,
      depth: this.depth,
    })) {
      const batch = pending.splice(0, size);
      const handled: Promise<void> = this.handle(batch)
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          this.active.delete(handled);
          this.dispatch(pending);
        });
      this.active.add(handled);
    }
  }

  /** Acks, naks (after `delayMs`) or terminates a message, which is then no longer held. */
  private settle(msg: JsMsg, how: 'ack' | 'nak' | 'term', delayMs?: number, reason?: string): void {
    this.held.delete(msg);
    try {
      if (how === 'ack') msg.ack();
      else if (how === 'nak') msg.nak(delayMs);
      else msg.term(reason);
    } catch (error) {
      // The connection is gone: JetStream delivers the message again after its ack wait.
      this.options.onError?.(error);
    }
  }

  private handle(batch: JsMsg[]): Promise<void> {
    const { store, validate, isTransient, onDeadLetter, onError, backoffMs } = this.options;
    const deliveries: Delivery<JsMsg>[] = batch.map((msg) => ({
      msg,
      subject: msg.subject,
      seq: msg.seq,
      data: msg.data,
      deliveryCount: msg.info.deliveryCount,
    }));
    return handleBatch(deliveries, {
      store,
      ...(validate ? { validate } : {}),
      ...(isTransient ? { isTransient } : {}),
      ...(onDeadLetter ? { onDeadLetter } : {}),
      ...(onError ? { onError } : {}),
      ...(backoffMs ? { backoffMs } : {}),
      settle: (msg, how, delayMs, reason) => this.settle(msg, how, delayMs, reason),
      running: () => this.running,
      sleep,
      maxDeliver: this.options.maxDeliver ?? 10,
    });
  }
}
