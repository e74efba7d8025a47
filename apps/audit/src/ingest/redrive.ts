import type { JetStreamManager, MsgRequest, StoredMsg } from '@nats-io/jetstream';
import type { CloudEvent } from '@latchkey/contracts';
import { parseCloudEvent } from '@latchkey/messaging';

/** Headers audit writes on each dead letter (AuditIngestService.onDeadLetter). */
export const DEAD_LETTER_HEADERS = {
  subject: 'Latchkey-Original-Subject',
  sequence: 'Latchkey-Original-Sequence',
  reason: 'Latchkey-Dead-Letter-Reason',
} as const;

export interface RedriveFilter {
  /** Only dead letters whose reason contains this text (case-insensitive), e.g. `42P01`. */
  reason?: string;
  /** Only dead letters whose original subject matches this NATS pattern (`*`, `>`). */
  subject?: string;
  /** At most this many dead letters re-driven (or, with dryRun, listed). */
  limit?: number;
  /** List what would be re-driven; store and remove nothing. */
  dryRun?: boolean;
}

export interface RedriveDeps {
  jsm: JetStreamManager;
  /** `<NATS_STREAM>_DLQ`. */
  deadLetterStream: string;
  /** The dead-letter stream's subjects (`<prefix>_dlq.>`). */
  deadLetterSubjects: string;
  /** Why an event may not be stored as its producer's word (producerRefusal), or undefined. */
  refusal(event: CloudEvent, subject: string): string | undefined;
  /** Stores events idempotently by id (EventStore.store); resolves to how many were new. */
  store(events: CloudEvent[]): Promise<number>;
  /** Is a store failure one to stop at (database unreachable, schema behind) rather than the event's? */
  isFatal(error: unknown): boolean;
  /** One line per dead letter handled (never the payload). */
  report(line: RedriveLine): void;
}

export interface RedriveLine {
  seq: number;
  subject: string;
  outcome: 'moved' | 'duplicate' | 'would_move' | 'failed';
  /** The event's id, when the payload is an event. */
  id?: string;
  reason?: string;
}

export interface RedriveSummary {
  /** Stored into the trail and removed from the dead-letter stream. */
  moved: number;
  /** Already in the trail (same event id): removed from the dead-letter stream. */
  duplicates: number;
  /** With dryRun: would be re-driven. */
  wouldMove: number;
  /** Left in the dead-letter stream (not an event, refused, or failed to store). */
  failed: number;
  /** Not matching the filter. */
  skipped: number;
}

/** Does `subject` match a NATS subject pattern (`*` one token, `>` one or more at the end)? */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

/**
 * Re-drives dead letters into the audit trail, oldest first: each one that is an event its
 * producer may emit on its original subject (the checks ingestion makes) is stored through the same
 * idempotent store — by its original event id, so one already in the trail is not stored twice —
 * and only then removed from the dead-letter stream. Anything else stays, reported as failed.
 *
 * Not published back to the event stream: no bus user may publish another service's events (ADR
 * 0014), and the re-drive must not need one that can; the store is the same ingestion would use.
 */
export async function redriveDeadLetters(deps: RedriveDeps, filter: RedriveFilter): Promise<RedriveSummary> {
  const summary: RedriveSummary = { moved: 0, duplicates: 0, wouldMove: 0, failed: 0, skipped: 0 };
  const info = await deps.jsm.streams.info(deps.deadLetterStream);
  const last = info.state.last_seq;
  const reasonFilter = filter.reason?.toLowerCase();
  let seq = info.state.first_seq;
  let handled = 0;
  while (seq <= last && (filter.limit === undefined || handled < filter.limit)) {
    // The next dead letter at or after `seq`, skipping the gaps earlier re-drives left.
    const query = { seq, next_by_subj: deps.deadLetterSubjects } as unknown as MsgRequest;
    const message: StoredMsg | null = await deps.jsm.streams.getMessage(deps.deadLetterStream, query);
    if (!message || message.seq > last) break;
    seq = message.seq + 1;
    const subject = message.header?.get(DEAD_LETTER_HEADERS.subject) ?? '';
    const reason = message.header?.get(DEAD_LETTER_HEADERS.reason) ?? '';
    if (
      (reasonFilter !== undefined && !reason.toLowerCase().includes(reasonFilter)) ||
      (filter.subject !== undefined && !subjectMatches(filter.subject, subject))
    ) {
      summary.skipped += 1;
      continue;
    }
    handled += 1;
    const fail = (why: string, id?: string) => {
      summary.failed += 1;
      deps.report({ seq: message.seq, subject, outcome: 'failed', id, reason: why });
    };
    if (!subject) {
      fail('no original subject');
      continue;
    }
    const parsed = parseCloudEvent(message.data);
    if (!parsed.ok) {
      fail(parsed.reason);
      continue;
    }
    const refused = deps.refusal(parsed.event, subject);
    if (refused !== undefined) {
      fail(refused, parsed.event.id);
      continue;
    }
    if (filter.dryRun) {
      summary.wouldMove += 1;
      deps.report({ seq: message.seq, subject, outcome: 'would_move', id: parsed.event.id, reason });
      continue;
    }
    let fresh: number;
    try {
      fresh = await deps.store([parsed.event]);
    } catch (error) {
      if (deps.isFatal(error)) throw error;
      fail(describe(error), parsed.event.id);
      continue;
    }
    // Stored (or already there): only now is the dead letter removed.
    await deps.jsm.streams.deleteMessage(deps.deadLetterStream, message.seq, false);
    if (fresh > 0) summary.moved += 1;
    else summary.duplicates += 1;
    deps.report({
      seq: message.seq,
      subject,
      outcome: fresh > 0 ? 'moved' : 'duplicate',
      id: parsed.event.id,
    });
  }
  return summary;
}

/** A failure in a few words (an SQLSTATE or a message), never the payload. */
function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | null;
  const text =
    typeof e?.code === 'string' ? e.code : typeof e?.message === 'string' ? e.message : 'store failed';
  return text.slice(0, 160);
}
