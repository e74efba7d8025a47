import type { CloudEvent } from '@latchkey/contracts';
import { parseCloudEvent } from '../cloud-event';
import { afterStore, backoffFor, type StoreResult } from './batching';

/** A delivered message as a batch sees it; `msg` is the transport's handle, passed back to `settle`. */
export interface Delivery<M> {
  msg: M;
  subject: string;
  /** Its sequence in the source stream. */
  seq: number;
  data: Uint8Array;
  deliveryCount: number;
}

/** How a message leaves the batch: exactly one of these, once. */
export type Settle<M> = (msg: M, how: 'ack' | 'nak' | 'term', delayMs?: number, reason?: string) => void;

export interface BatchDeps<M> {
  store(events: CloudEvent[]): Promise<void>;
  validate?(event: CloudEvent, subject: string): string | undefined;
  isTransient?(error: unknown): boolean;
  /** Keeps a message that can never be stored; throws if it could not (the message is then nakked). */
  onDeadLetter?(
    message: { subject: string; seq: number; data: Uint8Array },
    reason: string,
  ): Promise<void> | void;
  onError?(error: unknown): void;
  settle: Settle<M>;
  /** Is the consumer still running (not stopping)? */
  running(): boolean;
  sleep(ms: number): Promise<void>;
  maxDeliver: number;
  backoffMs?: readonly number[];
}

/**
 * Handles one batch: invalid envelopes are dead-lettered, the rest stored and each message settled
 * as `afterStore` decides. Every message of the batch is settled exactly once (acked, nakked or
 * terminated) by the time this resolves.
 */
export async function handleBatch<M>(batch: readonly Delivery<M>[], deps: BatchDeps<M>): Promise<void> {
  const valid: { delivery: Delivery<M>; event: CloudEvent }[] = [];
  for (const delivery of batch) {
    const parsed = parseCloudEvent(delivery.data);
    const reason = parsed.ok ? deps.validate?.(parsed.event, delivery.subject) : parsed.reason;
    if (parsed.ok && reason === undefined) valid.push({ delivery, event: parsed.event });
    else await deadLetter(delivery, reason ?? 'invalid', deps);
  }
  if (valid.length > 0) await storeOrNarrow(valid, deps);
}

async function deadLetter<M>(delivery: Delivery<M>, reason: string, deps: BatchDeps<M>): Promise<void> {
  try {
    await deps.onDeadLetter?.({ subject: delivery.subject, seq: delivery.seq, data: delivery.data }, reason);
    deps.settle(delivery.msg, 'term', undefined, reason);
  } catch (error) {
    deps.onError?.(error);
    deps.settle(delivery.msg, 'nak', backoffFor(delivery.deliveryCount, deps.backoffMs));
  }
}

/** Stores the events, then settles their messages as decided: ack, retry, split, nak or dead-letter. */
async function storeOrNarrow<M>(
  items: readonly { delivery: Delivery<M>; event: CloudEvent }[],
  deps: BatchDeps<M>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let result: StoreResult;
    try {
      await deps.store(items.map((i) => i.event));
      result = { ok: true };
    } catch (error) {
      deps.onError?.(error);
      result = { ok: false, transient: deps.isTransient?.(error) ?? false, error };
    }
    const decision = afterStore(
      result,
      items.map((i) => i.delivery.deliveryCount),
      {
        running: deps.running(),
        attempt,
        maxDeliver: deps.maxDeliver,
        ...(deps.backoffMs ? { backoffMs: deps.backoffMs } : {}),
      },
    );
    switch (decision.do) {
      case 'ack':
        for (const { delivery } of items) deps.settle(delivery.msg, 'ack');
        return;
      case 'retry':
        await deps.sleep(decision.delayMs);
        continue;
      case 'nak-all':
        // Stopping: delivered again (here after a restart, or to another replica), never
        // dead-lettered for a failure that was not theirs.
        for (const { delivery } of items) deps.settle(delivery.msg, 'nak');
        return;
      case 'split':
        await storeOrNarrow(items.slice(0, decision.at), deps);
        await storeOrNarrow(items.slice(decision.at), deps);
        return;
      case 'refuse':
        for (const [i, refusal] of decision.each.entries()) {
          const { delivery } = items[i] as { delivery: Delivery<M> };
          if (refusal.how === 'dead-letter') await deadLetter(delivery, refusal.reason, deps);
          else deps.settle(delivery.msg, 'nak', refusal.delayMs);
        }
        return;
    }
  }
}
