import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The `prev_hash` of an organisation's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of a stored event that the chain protects. */
export interface ChainedFields {
  id: string;
  org_id: string;
  chain_seq: number;
  type: string;
  source: string;
  subject: string | null;
  key_id: string | null;
  actor_id: string | null;
  outcome: string | null;
  occurred_at: string;
  data: unknown;
}

/**
 * SHA-256 over the previous hash and the event's canonical JSON (RFC 8785, so the same event
 * always hashes the same, whatever order its keys come back from the database in).
 */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalize(fields) ?? '')
    .digest('hex');
}
