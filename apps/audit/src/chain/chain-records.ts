import type { ChainedFields } from './hash-chain';

/** A row of audit.events as raw SQL returns it. */
export interface StoredEventRow {
  id: string;
  seq: string | number;
  org_id: string;
  chain_seq: string | number;
  prev_hash: string;
  hash: string;
  type: string;
  source: string;
  subject: string | null;
  key_id: string | null;
  actor_id: string | null;
  outcome: string | null;
  occurred_at: Date | string;
  received_at: Date | string;
  data: unknown;
}

export function chainedFieldsOf(row: StoredEventRow): ChainedFields {
  return {
    id: row.id,
    org_id: row.org_id,
    chain_seq: Number(row.chain_seq),
    type: row.type,
    source: row.source,
    subject: row.subject,
    key_id: row.key_id,
    actor_id: row.actor_id,
    outcome: row.outcome,
    occurred_at: new Date(row.occurred_at).toISOString(),
    data: row.data,
  };
}
