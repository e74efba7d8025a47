/*
 * The durable consumer's decisions, without I/O: which messages form a batch and when it starts,
 * when a held message must be marked in progress, and what becomes of each message after its
 * batch's store attempt (acked, retried, split, nakked with back-off, or dead-lettered).
 * durable-consumer.ts is the NATS shell around them; batch-handler.ts drives one batch.
 */

export interface BatchLimits {
  /** The most messages in one batch. */
  batchSize: number;
  /** Batches being stored at once. */
  depth: number;
}

/**
 * The sizes of the batches to start now, from the front of `pending`. Idle (nothing being
 * stored): whatever has arrived starts at once, so a quiet stream is not held back to fill a
 * batch. Busy: a batch starts only once it is full, while fewer than `depth` are being stored.
 */
export function batchesToStart(pending: number, active: number, limits: BatchLimits): number[] {
  const sizes: number[] = [];
  const depth = Math.max(1, limits.depth);
  while (pending > 0 && active < depth && (active === 0 || pending >= limits.batchSize)) {
    const size = Math.min(pending, limits.batchSize);
    sizes.push(size);
    pending -= size;
    active += 1;
  }
  return sizes;
}

/**
 * Held messages due to be marked in progress: held (delivered or last marked) a third of the ack
 * wait ago or longer, so JetStream does not deliver them again while a batch waits out an outage.
 */
export function dueForProgress<M>(held: Iterable<[M, number]>, now: number, ackWaitMs: number): M[] {
  const due = now - ackWaitMs / 3;
  const out: M[] = [];
  for (const [msg, since] of held) if (since <= due) out.push(msg);
  return out;
}

export const DEFAULT_BACKOFF_MS: readonly number[] = [500, 2000, 10_000];
/** The longest pause between two attempts to store a batch held through an outage. */
export const MAX_TRANSIENT_RETRY_MS = 5000;

/** The nak delay after a failed store, by the message's delivery count (the last step repeats). */
export function backoffFor(deliveryCount: number, steps: readonly number[] = DEFAULT_BACKOFF_MS): number {
  return steps[Math.min(deliveryCount, steps.length) - 1] ?? 1000;
}

/** The pause before the next attempt to store a batch held through an outage (attempt from 1). */
export function transientRetryDelay(attempt: number): number {
  return Math.min(MAX_TRANSIENT_RETRY_MS, 250 * 2 ** Math.min(attempt, 10));
}

/** How one store attempt ended. */
export type StoreResult = { ok: true } | { ok: false; transient: boolean; error: unknown };

export interface AfterStoreContext {
  /** The consumer is still running (not stopping). */
  running: boolean;
  /** This batch's attempt, from 1. */
  attempt: number;
  maxDeliver: number;
  backoffMs?: readonly number[];
}

/** What becomes of one message that could not be stored. */
export type Refusal = { how: 'nak'; delayMs: number } | { how: 'dead-letter'; reason: string };

/** What to do with a batch after a store attempt. */
export type AfterStore =
  /** Stored: ack every message (after the commit). */
  | { do: 'ack' }
  /** The store's infrastructure failed: hold the batch, try again after `delayMs`. */
  | { do: 'retry'; delayMs: number }
  /** Stopping during an outage: let JetStream deliver them again now, deliveries not counted against them. */
  | { do: 'nak-all' }
  /** Failed for some of its events: store each half on its own, narrowing down to them. */
  | { do: 'split'; at: number }
  /** Failed alone (or stopping): each message nakked with back-off, or dead-lettered on its last delivery. */
  | { do: 'refuse'; each: Refusal[] };

/**
 * The decision after storing a batch whose messages have these delivery counts. A transient
 * failure never counts against the events; any other is narrowed down by splitting until the
 * events that fail alone are found, which are redelivered with back-off and dead-lettered once
 * out of deliveries.
 */
export function afterStore(
  result: StoreResult,
  deliveryCounts: readonly number[],
  ctx: AfterStoreContext,
): AfterStore {
  if (result.ok) return { do: 'ack' };
  if (result.transient)
    return ctx.running ? { do: 'retry', delayMs: transientRetryDelay(ctx.attempt) } : { do: 'nak-all' };
  if (deliveryCounts.length > 1 && ctx.running)
    return { do: 'split', at: Math.ceil(deliveryCounts.length / 2) };
  return {
    do: 'refuse',
    each: deliveryCounts.map((count) =>
      // Out of deliveries: keep it in the dead-letter stream rather than lose it silently.
      count >= ctx.maxDeliver
        ? { how: 'dead-letter', reason: `max deliveries reached: ${describeFailure(result.error)}` }
        : { how: 'nak', delayMs: backoffFor(count, ctx.backoffMs) },
    ),
  };
}

/** A failure in a few words for a dead letter's reason (never the payload). */
export function describeFailure(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | null | undefined;
  const text =
    typeof e?.code === 'string' ? e.code : typeof e?.message === 'string' ? e.message : 'store failed';
  return text.slice(0, 120);
}
