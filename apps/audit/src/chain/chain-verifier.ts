import { Inject, Injectable, Optional } from '@nestjs/common';
import type { BrokenLinkView, ChainReportView } from '@latchkey/contracts';
import { ChainStatementVerifier, type StatementVerification } from './chain-signer';
import {
  brokenAt,
  cutDiscontinuity,
  endWalk,
  reportOf,
  startWalk,
  walkRows,
  type CheckedCheckpoint,
} from './chain-walk';
import { ChainRepository, type ChainSnapshot, type StoredCheckpoint } from './chain.repository';
import { GENESIS_HEAD } from './hash-chain';

/** The report's wire shape is part of the HTTP contract (`@latchkey/contracts`). */
export type BrokenLink = BrokenLinkView;
export type ChainReport = ChainReportView;

const PAGE = 2000;

/**
 * Recomputes an organisation's chain from its start (or its last retention cut) and reports the
 * first broken link. The cut must be continuous with the chain it cuts: no event left at or before
 * it, the cuts account for every event before it, and the first event after it links to its hash.
 * With the published public key (`statements`), it also holds the chain to what was signed: the cut
 * it starts from must be signed as a cut, every signed checkpoint must match the stored hash at its
 * position, and the chain must reach the newest checkpoint — so rewriting history with recomputed
 * hashes, cutting off its end, or hiding a prefix behind a forged cut (or a checkpoint's signature
 * passed off as a cut's) is found. Signatures from before statements named their purpose are
 * accepted by their payload's shape and counted in `legacy_signatures` (ADR 0016).
 *
 * What is broken is decided by chain-walk.ts; this reads the pages and checks the signatures.
 */
@Injectable()
export class ChainVerifier {
  constructor(
    private readonly chains: ChainRepository,
    @Optional() @Inject(ChainStatementVerifier) private readonly statements?: ChainStatementVerifier,
  ) {}

  async organisations(): Promise<string[]> {
    return this.chains.organisations();
  }

  async verify(orgId: string): Promise<ChainReport> {
    return this.chains.snapshot((snapshot) => this.verifyIn(snapshot, orgId));
  }

  private async verifyIn(snapshot: ChainSnapshot, orgId: string): Promise<ChainReport> {
    const cut = await snapshot.newestCut(orgId);
    let walk = startWalk(
      cut ? { chain_seq: cut.chain_seq, hash: cut.hash } : GENESIS_HEAD,
      cut !== undefined,
    );
    if (cut) {
      if (this.statements) {
        const signed = await this.statements.verifies('cut', cut.signature ?? '', {
          org_id: orgId,
          chain_seq: cut.chain_seq,
          hash: cut.hash,
          deleted: cut.deleted,
        });
        if (!signed.ok) {
          return reportOf(
            orgId,
            brokenAt(walk, {
              id: '',
              chain_seq: cut.chain_seq,
              reason: 'cut_unsigned',
              expected: 'a valid signature',
              stored: cut.signature ?? 'none',
            }),
          );
        }
        if (signed.legacy) walk = startWalk({ chain_seq: cut.chain_seq, hash: cut.hash }, true, 1);
      }
      const atCut = this.statements ? await snapshot.checkpointAt(orgId, cut.chain_seq) : undefined;
      const discontinuity = cutDiscontinuity({
        at: cut.chain_seq,
        hash: cut.hash,
        left: await snapshot.eventAtOrBefore(orgId, cut.chain_seq),
        deletedTotal: await snapshot.deletedTotal(orgId),
        signedCheckpointHash:
          atCut && atCut.hash !== cut.hash && (await this.signs(orgId, atCut)).ok ? atCut.hash : undefined,
      });
      if (discontinuity) return reportOf(orgId, brokenAt(walk, discontinuity));
    }
    // The newest validly signed checkpoint: the chain must reach it.
    const newestSigned = await this.newestSigned(snapshot, orgId, walk.from);
    for (;;) {
      // Keyset pages: a chain of any length is checked in bounded memory.
      const rows = await snapshot.events(orgId, walk.expectedSeq, PAGE);
      const last = rows[rows.length - 1];
      // The checkpoints signed within this page, by position, with what their signatures sign.
      const checked = new Map<number, CheckedCheckpoint>();
      if (this.statements && last) {
        for (const checkpoint of await snapshot.checkpointsBetween(orgId, walk.expectedSeq, last.chain_seq)) {
          checked.set(checkpoint.chain_seq, {
            hash: checkpoint.hash,
            signature: checkpoint.signature,
            verification: await this.signs(orgId, checkpoint),
          });
        }
      }
      walk = walkRows(walk, rows, checked);
      if (walk.broken) return reportOf(orgId, walk);
      if (rows.length < PAGE) break;
    }
    return reportOf(orgId, endWalk(walk, newestSigned));
  }

  private async newestSigned(
    snapshot: ChainSnapshot,
    orgId: string,
    after: number,
  ): Promise<number | undefined> {
    if (!this.statements) return undefined;
    for (const checkpoint of await snapshot.newestCheckpoints(orgId, after, 20)) {
      if ((await this.signs(orgId, checkpoint)).ok) return checkpoint.chain_seq;
    }
    return undefined;
  }

  private async signs(orgId: string, checkpoint: StoredCheckpoint): Promise<StatementVerification> {
    if (!this.statements || checkpoint.signature === null) return { ok: false };
    return this.statements.verifies('checkpoint', checkpoint.signature, {
      org_id: orgId,
      chain_seq: checkpoint.chain_seq,
      hash: checkpoint.hash,
    });
  }
}
