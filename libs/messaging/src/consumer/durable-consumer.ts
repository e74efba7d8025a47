import {
  AckPolicy,
  DeliverPolicy,
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
   * Messages are acked only after this resolves, i.e. after the commit.
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
  batchSize?: number;
  maxDeliver?: number;
  /** Redelivery delays, ms, for a failed store (the last repeats). */
  backoffMs?: number[];
}

const DEFAULT_BACKOFF_MS = [500, 2000, 10_000];

/**
 * An idempotent durable pull consumer: explicit acks, a bounded delivery count with back-off,
 * batches when the stream is busy.
 */
export class DurableConsumer {
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: DurableConsumerOptions) {}

  async start(): Promise<void> {
    const { jsm, stream, durable, filterSubject } = this.options;
    const backoff = (this.options.backoffMs ?? DEFAULT_BACKOFF_MS).map((ms) => ms * 1_000_000);
    const maxDeliver = this.options.maxDeliver ?? 10;
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filterSubject,
      max_deliver: maxDeliver,
      backoff,
      ack_wait: backoff[0] ?? 30_000_000_000,
      max_ack_pending: 10_000,
    };
    try {
      await jsm.consumers.info(stream, durable);
      await jsm.consumers.update(stream, durable, {
        max_deliver: maxDeliver,
        backoff,
        ack_wait: config.ack_wait,
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
    await this.loop;
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    while (this.running) {
      try {
        const consumer = await this.options.js.consumers.get(this.options.stream, this.options.durable);
        const messages = await consumer.fetch({ max_messages: batchSize, expires: 1000 });
        const batch: JsMsg[] = [];
        for await (const msg of messages) batch.push(msg);
        if (batch.length > 0) await this.handle(batch);
      } catch (error) {
        this.options.onError?.(error);
        if (this.running) await new Promise((resolve) => setTimeout(resolve, 500));
      }
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
