import type { AuditEventView } from '@latchkey/contracts';

/**
 * One stored event of the trail, a row of `audit.events`, declared once: the columns the store
 * writes, the chain hashes (chain/hash-chain.ts derives its fields from it), the repositories read
 * and the API view is mapped from (`toEventView`). The entity (audit-event.entity.ts) is held to
 * the same columns by its type; migrations are history and stay as written.
 */
export interface AuditEventRow {
  /** The CloudEvent id: UNIQUE, so a redelivered event is never stored twice. */
  id: string;
  /** Arrival order in the whole store: what pages and cursors follow. */
  seq: number;
  org_id: string;
  type: string;
  source: string;
  subject: string | null;
  key_id: string | null;
  actor_id: string | null;
  outcome: string | null;
  /** ISO 8601. */
  occurred_at: string;
  /** ISO 8601: when the store committed it. */
  received_at: string;
  data: Record<string, unknown>;
  /** Position in the organisation's hash chain, the previous link's hash and this event's. */
  chain_seq: number;
  prev_hash: string;
  hash: string;
}

/** A row as raw SQL returns it: bigints as text, timestamps as Date (or text). */
export type RawEventRow = {
  [K in keyof AuditEventRow]: K extends 'seq' | 'chain_seq'
    ? string | number
    : K extends 'occurred_at' | 'received_at'
      ? Date | string
      : AuditEventRow[K];
};

/** The row in the store's own types. */
export function eventRowOf(raw: RawEventRow): AuditEventRow {
  return {
    id: raw.id,
    seq: Number(raw.seq),
    org_id: raw.org_id,
    type: raw.type,
    source: raw.source,
    subject: raw.subject,
    key_id: raw.key_id,
    actor_id: raw.actor_id,
    outcome: raw.outcome,
    occurred_at: new Date(raw.occurred_at).toISOString(),
    received_at: new Date(raw.received_at).toISOString(),
    data: raw.data,
    chain_seq: Number(raw.chain_seq),
    prev_hash: raw.prev_hash,
    hash: raw.hash,
  };
}

/**
 * The API's view of a stored event (the HTTP contract): the row without its organisation (always
 * the caller's) and its previous hash, members in the order the contract has always listed them.
 */
export function toEventView(row: AuditEventRow): AuditEventView {
  return {
    id: row.id,
    seq: row.seq,
    type: row.type,
    source: row.source,
    subject: row.subject,
    key_id: row.key_id,
    actor_id: row.actor_id,
    outcome: row.outcome,
    occurred_at: row.occurred_at,
    received_at: row.received_at,
    chain_seq: row.chain_seq,
    hash: row.hash,
    data: row.data,
  };
}
