import { hash } from 'node:crypto';
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
 * An event's canonical JSON (RFC 8785) split around the value of `chain_seq`: everything but the
 * position in the chain can be serialised before the chain head is known (outside the lock), and
 * `head + chain_seq + tail` is exactly `canonicalize(fields)`.
 */
export interface CanonicalParts {
  head: string;
  tail: string;
  /** The canonical JSON of `data` alone (inside `tail`): what the store writes to the data column. */
  data: string;
}

const str = (value: string | null): string => canonicalize(value) ?? 'null';

/**
 * The canonical JSON of the fields without their `chain_seq`. RFC 8785 orders members by UTF-16
 * code units; the top-level names are fixed, so their order is written out here:
 * actor_id, chain_seq, data, id, key_id, occurred_at, org_id, outcome, source, subject, type.
 */
export function canonicalParts(fields: Omit<ChainedFields, 'chain_seq'>): CanonicalParts {
  const data = canonicalize(fields.data) ?? 'null';
  return {
    head: `{"actor_id":${str(fields.actor_id)},"chain_seq":`,
    data,
    tail:
      `,"data":${data},"id":${str(fields.id)},"key_id":${str(fields.key_id)}` +
      `,"occurred_at":${str(fields.occurred_at)},"org_id":${str(fields.org_id)},"outcome":${str(fields.outcome)}` +
      `,"source":${str(fields.source)},"subject":${str(fields.subject)},"type":${str(fields.type)}}`,
  };
}

/** `canonicalize(fields)`, assembled from its parts. */
export function canonicalJson(parts: CanonicalParts, chainSeq: number): string {
  return `${parts.head}${chainSeq}${parts.tail}`;
}

/** SHA-256 (hex) over the previous hash, a newline and the event's canonical JSON. */
export function linkHash(prevHash: string, canonical: string): string {
  return hash('sha256', `${prevHash}\n${canonical}`, 'hex');
}

/**
 * SHA-256 over the previous hash and the event's canonical JSON (RFC 8785, so the same event
 * always hashes the same, whatever order its keys come back from the database in).
 */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  return linkHash(prevHash, canonicalJson(canonicalParts(fields), fields.chain_seq));
}
