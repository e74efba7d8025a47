import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditEventRow } from '../trail';

/** The `prev_hash` of an organisation's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The fields of a stored event that the chain protects: the row but its arrival (`seq`,
 * `received_at`) and the links themselves (`prev_hash`, `hash`, checked by linking).
 */
export type ChainedFields = Omit<AuditEventRow, 'seq' | 'received_at' | 'prev_hash' | 'hash' | 'data'> & {
  /** Any JSON: the store keeps objects, the hash is defined for every payload. */
  data: unknown;
};

/** What is chained of a stored row (member order is irrelevant: the JSON is canonical). */
export function chainedFieldsOf(row: AuditEventRow): ChainedFields {
  const { seq: _seq, received_at: _received, prev_hash: _prev, hash: _hash, ...chained } = row;
  return chained;
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

/** The last link of a chain: its position and hash (`{ 0, GENESIS_HASH }` before the first event). */
export interface ChainHead {
  chain_seq: number;
  hash: string;
}

export const GENESIS_HEAD: ChainHead = { chain_seq: 0, hash: GENESIS_HASH };

/** An event linked into its organisation's chain. */
export interface ChainLink<E> {
  event: E;
  chain_seq: number;
  prev_hash: string;
  hash: string;
}

/**
 * Extends each organisation's chain with `events`, in order: each event takes the next position
 * after its organisation's head and hashes over the head's hash. `heads` holds the heads before
 * (an organisation missing starts at genesis, or after its retention cut when that is its head);
 * the heads after are returned with the links. Pure: the store decides nothing else.
 */
export function linkEvents<E extends { org_id: string; canonical: CanonicalParts }>(
  heads: ReadonlyMap<string, ChainHead>,
  events: readonly E[],
): { links: ChainLink<E>[]; heads: Map<string, ChainHead> } {
  const next = new Map(heads);
  const links = events.map((event) => {
    const head = next.get(event.org_id) ?? GENESIS_HEAD;
    const chainSeq = head.chain_seq + 1;
    const hash = linkHash(head.hash, canonicalJson(event.canonical, chainSeq));
    next.set(event.org_id, { chain_seq: chainSeq, hash });
    return { event, chain_seq: chainSeq, prev_hash: head.hash, hash };
  });
  return { links, heads: next };
}
