import type { BrokenLinkView, ChainReportView } from '@latchkey/contracts';
import type { AuditEventRow } from '../trail';
import type { StatementVerification } from './chain-signer';
import { chainedFieldsOf, chainHash, GENESIS_HEAD, type ChainHead } from './hash-chain';

/*
 * The verifier's decisions, without I/O: given the rows of a chain (page by page), the signed
 * checkpoints found among them and the cut it starts from, which is the first broken link. The
 * verifier (chain-verifier.ts) only reads the pages and checks signatures.
 */

/** A checkpoint stored at a position of the walk, with what its signature was found to sign. */
export interface CheckedCheckpoint {
  hash: string;
  signature: string | null;
  verification: StatementVerification;
}

/** Where a walk stands: what the next row must be, and what it has checked so far. */
export interface Walk {
  /** The position the walk started after (a retention cut's, or 0). */
  readonly from: number;
  /** Started from a retention cut: the first row must continue it. */
  readonly afterCut: boolean;
  readonly expectedSeq: number;
  readonly expectedPrev: string;
  readonly checked: number;
  readonly checkpoints: number;
  readonly legacy: number;
  readonly head: ChainHead | null;
  /** The first broken link; once set, the walk takes no more rows. */
  readonly broken: BrokenLinkView | null;
}

/** A walk from genesis, or from the cut `start` (its position and hash). */
export function startWalk(start: ChainHead = GENESIS_HEAD, afterCut = false, legacy = 0): Walk {
  return {
    from: start.chain_seq,
    afterCut,
    expectedSeq: start.chain_seq + 1,
    expectedPrev: start.hash,
    checked: 0,
    checkpoints: 0,
    legacy,
    head: null,
    broken: null,
  };
}

/** A walk that ends before any row: the cut it would start from does not hold. */
export function brokenAt(walk: Walk, broken: BrokenLinkView): Walk {
  return walk.broken ? walk : { ...walk, broken };
}

/**
 * Checks the next rows (in `chain_seq` order, continuing the walk) and the checkpoints stored at
 * their positions: each row must sit at the next position, link to the previous hash, hash to its
 * stored hash, and a checkpoint at its position must be validly signed and name that hash.
 */
export function walkRows(
  walk: Walk,
  rows: readonly AuditEventRow[],
  checkpoints: ReadonlyMap<number, CheckedCheckpoint> = new Map(),
): Walk {
  if (walk.broken) return walk;
  let { expectedSeq, expectedPrev, checked, checkpoints: signed, legacy, head } = walk;
  const stop = (broken: BrokenLinkView): Walk => ({
    ...walk,
    expectedSeq,
    expectedPrev,
    checked,
    checkpoints: signed,
    legacy,
    head,
    broken,
  });
  for (const row of rows) {
    const seq = row.chain_seq;
    // The first event after a cut must continue it: else the cut does not join this chain.
    const joinsCut = walk.afterCut && expectedSeq === walk.from + 1;
    if (seq !== expectedSeq) {
      return stop({
        id: row.id,
        chain_seq: seq,
        reason: joinsCut ? 'cut_discontinuous' : 'gap',
        expected: String(expectedSeq),
        stored: String(seq),
      });
    }
    if (row.prev_hash !== expectedPrev) {
      return stop({
        id: row.id,
        chain_seq: seq,
        reason: joinsCut ? 'cut_discontinuous' : 'prev_hash_mismatch',
        expected: expectedPrev,
        stored: row.prev_hash,
      });
    }
    const recomputed = chainHash(row.prev_hash, chainedFieldsOf(row));
    if (recomputed !== row.hash) {
      return stop({
        id: row.id,
        chain_seq: seq,
        reason: 'hash_mismatch',
        expected: recomputed,
        stored: row.hash,
      });
    }
    const checkpoint = checkpoints.get(seq);
    if (checkpoint) {
      // A checkpoint row that its signature does not cover proves nothing (and was not written by audit).
      if (!checkpoint.verification.ok) {
        return stop({
          id: row.id,
          chain_seq: seq,
          reason: 'checkpoint_unsigned',
          expected: 'a valid signature',
          stored: checkpoint.signature ?? 'none',
        });
      }
      if (checkpoint.hash !== row.hash) {
        return stop({
          id: row.id,
          chain_seq: seq,
          reason: 'checkpoint_mismatch',
          expected: checkpoint.hash,
          stored: row.hash,
        });
      }
      signed += 1;
      if (checkpoint.verification.legacy) legacy += 1;
    }
    checked += 1;
    head = { chain_seq: seq, hash: row.hash };
    expectedPrev = row.hash;
    expectedSeq = seq + 1;
  }
  return { ...walk, expectedSeq, expectedPrev, checked, checkpoints: signed, legacy, head };
}

/** After the last row: the chain must reach the newest validly signed checkpoint (else it was cut off). */
export function endWalk(walk: Walk, newestSignedSeq: number | undefined): Walk {
  if (walk.broken || newestSignedSeq === undefined || newestSignedSeq <= walk.expectedSeq - 1) return walk;
  return brokenAt(walk, {
    id: '',
    chain_seq: walk.expectedSeq,
    reason: 'truncated',
    expected: `${newestSignedSeq} (signed)`,
    stored: String(walk.expectedSeq - 1),
  });
}

/** What is stored about a retention cut's surroundings, for `cutDiscontinuity`. */
export interface CutSurroundings {
  /** The cut's position and hash. */
  at: number;
  hash: string;
  /** The newest event still stored at or before the cut, if any. */
  left: { id: string; chain_seq: number } | undefined;
  /** The deleted counts of all the organisation's cuts, summed. */
  deletedTotal: number;
  /** A validly signed checkpoint at the cut's position, if any. */
  signedCheckpointHash: string | undefined;
}

/**
 * Is the newest cut continuous with the chain it cuts? Retention deletes a prefix and records the
 * cut in the same transaction, one batch at a time, so: no event at or before the cut remains
 * (one there was put back, or never deleted, and escapes verification), the cuts' deleted counts
 * add up to the cut's position (every event before it was cut, none removed otherwise), and a
 * checkpoint signed at the cut's position names the cut's hash. The first event after the cut is
 * checked against it by the walk.
 */
export function cutDiscontinuity(cut: CutSurroundings): BrokenLinkView | undefined {
  if (cut.left) {
    return {
      id: cut.left.id,
      chain_seq: cut.left.chain_seq,
      reason: 'cut_discontinuous',
      expected: `no event at or before the cut at ${cut.at}`,
      stored: `event ${cut.left.chain_seq}`,
    };
  }
  if (cut.deletedTotal !== cut.at) {
    return {
      id: '',
      chain_seq: cut.at,
      reason: 'cut_discontinuous',
      expected: `${cut.at} events cut`,
      stored: `${cut.deletedTotal} events cut`,
    };
  }
  if (cut.signedCheckpointHash !== undefined && cut.signedCheckpointHash !== cut.hash) {
    return {
      id: '',
      chain_seq: cut.at,
      reason: 'cut_discontinuous',
      expected: cut.signedCheckpointHash,
      stored: cut.hash,
    };
  }
  return undefined;
}

/** The report of a walk (the HTTP contract's shape). */
export function reportOf(orgId: string, walk: Walk): ChainReportView {
  return {
    org_id: orgId,
    ok: walk.broken === null,
    checked: walk.checked,
    checkpoints_checked: walk.checkpoints,
    legacy_signatures: walk.legacy,
    from_chain_seq: walk.from,
    head: walk.head,
    first_broken: walk.broken,
  };
}

/** The first broken link of rows that should form a chain from `start` (genesis by default). */
export function firstBreak(
  rows: readonly AuditEventRow[],
  start: ChainHead = GENESIS_HEAD,
): BrokenLinkView | null {
  return walkRows(startWalk(start, start.chain_seq > 0), rows).broken;
}
