import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { CloudEvent } from '@latchkey/contracts';
import { parseCloudEvent } from '../cloud-event';

export interface DurableConsumerOptions {
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
  /** Refuses an envelope that is well-formed but can never be stored (e.g. an unknown type). */
  validate?(event: CloudEvent): string | undefined;
  /**
   * A message that can never be stored (invalid envelope, or still failing on its last delivery).
   * Called before the message is terminated; it should keep the message somewhere (a dead-letter
   * stream). If it throws, the message is left for redelivery instead.
   */
  onDeadLetter?(msg: JsMsg, reason: string): Promise<void> | void;
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

const DEFAULT_BACKOFF_MS = [500, 2000, 10_000];
const DEFAULT_ACK_WAIT_MS = 15_000;

/**
 * An idempotent durable pull consumer: explicit acks, a bounded delivery count with back-off.
 *
 * Messages flow continuously (`consume()`): when nothing is being stored, whatever has arrived is
 * stored at once (a quiet stream's events are not held back to fill a batch); while a batch is
 * being stored, the next one fills up to `batchSize` and starts as soon as it is full, so busy
 * streams are stored in large batches (with `pipelineDepth` 2, the preparation of one overlapping
 * the commit of the other). Each batch is acked only after its own commit.
 */
export class DurableConsumer {
  private running = false;
  private loop: Promise<void> | undefined;
  private messages: ConsumerMessages | undefined;
  private readonly active = new Set<Promise<void>>();

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
    const ackWait = (this.options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS) * 1_000_000;
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
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.messages?.close().catch(() => undefined);
    await this.loop;
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
        for (const msg of pending.splice(0)) msg.nak();
      }
      if (this.running) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Every batch already handed to the store is acked (or nakked) before stopping.
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
  }

  /** Idle: store what has arrived now. Busy: start the next batch only once it is full. */
  private dispatch(pending: JsMsg[]): void {
    while (
      this.running &&
      pending.length > 0 &&
      this.active.size < this.depth &&
      (this.active.size === 0 || pending.length >= this.batchSize)
    ) {
      const batch = pending.splice(0, this.batchSize);
      const handled: Promise<void> = this.handle(batch)
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          this.active.delete(handled);
          this.dispatch(pending);
        });
      this.active.add(handled);
    }
  }

  private async deadLetter(msg: JsMsg, reason: string): Promise<void> {
    try {
      await this.options.onDeadLetter?.(msg, reason);
      msg.term(reason);
    } catch (error) {
      this.options.onError?.(error);
      msg.nak(this.backoffFor(msg.info.deliveryCount));
    }
  }

  private backoffFor(deliveryCount: number): number {
    const steps = this.options.backoffMs ?? DEFAULT_BACKOFF_MS;
    return steps[Math.min(deliveryCount, steps.length) - 1] ?? 1000;
  }

  private async handle(batch: JsMsg[]): Promise<void> {
    const valid: { msg: JsMsg; event: CloudEvent }[] = [];
    for (const msg of batch) {
      const parsed = parseCloudEvent(msg.data);
      const reason = parsed.ok ? this.options.validate?.(parsed.event) : parsed.reason;
      if (parsed.ok && reason === undefined) valid.push({ msg, event: parsed.event });
      else await this.deadLetter(msg, reason ?? 'invalid');
    }
    if (valid.length === 0) return;
    try {
      await this.options.store(valid.map((v) => v.event));
    } catch (error) {
      this.options.onError?.(error);
      const maxDeliver = this.options.maxDeliver ?? 10;
      for (const { msg } of valid) {
        // Out of deliveries: keep it in the dead-letter stream rather than lose it silently.
        if (msg.info.deliveryCount >= maxDeliver) await this.deadLetter(msg, 'max deliveries reached');
        // Not stored: redeliver later, backing off with each delivery of the message.
        else msg.nak(this.backoffFor(msg.info.deliveryCount));
      }
      return;
    }
    for (const { msg } of valid) msg.ack();
  }
}
