import { Inject, Injectable, Optional } from '@nestjs/common';
import { IsolationLevel } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { BrokenLinkView, ChainReportView } from '@latchkey/contracts';
import { chainedFieldsOf, type StoredEventRow } from './chain-records';
import { ChainStatementVerifier, type StatementVerification } from './chain-signer';
import { chainHash, GENESIS_HASH } from './hash-chain';

/** The report's wire shape is part of the HTTP contract (`@latchkey/contracts`). */
export type BrokenLink = BrokenLinkView;
export type ChainReport = ChainReportView;

const PAGE = 2000;

interface SignedRow {
  chain_seq: string;
  hash: string;
  signature: string | null;
}

interface CutRow extends SignedRow {
  deleted: string;
}

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
 */
@Injectable()
export class ChainVerifier {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Optional() @Inject(ChainStatementVerifier) private readonly statements?: ChainStatementVerifier,
  ) {}

  async organisations(): Promise<string[]> {
    const schema = this.orm.config.get('schema') as string;
    const rows = await this.orm.em
      .fork()
      .execute<{ org_id: string }[]>(
        `select "org_id" from "${schema}"."events" union select "org_id" from "${schema}"."checkpoints" order by 1`,
      );
    return rows.map((r) => r.org_id);
  }

  /**
   * One read-only snapshot (REPEATABLE READ) for the whole walk: retention cutting the chain or a
   * checkpoint being signed meanwhile cannot make a sound chain look broken.
   */
  async verify(orgId: string): Promise<ChainReport> {
    return this.orm.em.fork().transactional((tx) => this.verifyIn(tx, orgId), {
      isolationLevel: IsolationLevel.REPEATABLE_READ,
      readOnly: true,
    });
  }

  private async verifyIn(em: EntityManager, orgId: string): Promise<ChainReport> {
    const schema = this.orm.config.get('schema') as string;
    const [cut] = await em.execute<CutRow[]>(
      `select "chain_seq", "hash", "deleted", "signature" from "${schema}"."chain_cuts" where "org_id" = ? order by "chain_seq" desc limit 1`,
      [orgId],
    );
    const start = cut ? Number(cut.chain_seq) : 0;
    let expectedPrev = cut ? cut.hash : GENESIS_HASH;
    let expectedSeq = start + 1;
    let checked = 0;
    let checkpoints = 0;
    let legacy = 0;
    let head: ChainReport['head'] = null;
    const report = (first_broken: BrokenLink | null): ChainReport => ({
      org_id: orgId,
      ok: first_broken === null,
      checked,
      checkpoints_checked: checkpoints,
      legacy_signatures: legacy,
      from_chain_seq: start,
      head,
      first_broken,
    });
    if (cut) {
      if (this.statements) {
        const signed = await this.statements.verifies('cut', cut.signature ?? '', {
          org_id: orgId,
          chain_seq: start,
          hash: cut.hash,
          deleted: Number(cut.deleted),
        });
        if (!signed.ok) {
          return report({
            id: '',
            chain_seq: start,
            reason: 'cut_unsigned',
            expected: 'a valid signature',
            stored: cut.signature ?? 'none',
          });
        }
        if (signed.legacy) legacy += 1;
      }
      const discontinuity = await this.cutDiscontinuity(em, schema, orgId, cut);
      if (discontinuity) return report(discontinuity);
    }
    // The newest validly signed checkpoint: the chain must reach it.
    const newestSigned = await this.newestSigned(em, schema, orgId, start);
    for (;;) {
      // Keyset pages: a chain of any length is checked in bounded memory.
      const rows = await em.execute<StoredEventRow[]>(
        `select * from "${schema}"."events" where "org_id" = ? and "chain_seq" >= ? order by "chain_seq" limit ${PAGE}`,
        [orgId, expectedSeq],
      );
      // The checkpoints signed within this page, by position.
      const signedHere = new Map<number, SignedRow>();
      if (this.statements && rows.length > 0) {
        const last = Number((rows[rows.length - 1] as StoredEventRow).chain_seq);
        const found = await em.execute<SignedRow[]>(
          `select "chain_seq", "hash", "signature" from "${schema}"."checkpoints"
            where "org_id" = ? and "chain_seq" between ? and ?`,
          [orgId, expectedSeq, last],
        );
        for (const checkpoint of found) signedHere.set(Number(checkpoint.chain_seq), checkpoint);
      }
      for (const row of rows) {
        const seq = Number(row.chain_seq);
        // The first event after a cut must continue it: else the cut does not join this chain.
        const joinsCut = cut !== undefined && expectedSeq === start + 1;
        if (seq !== expectedSeq) {
          return report({
            id: row.id,
            chain_seq: seq,
            reason: joinsCut ? 'cut_discontinuous' : 'gap',
            expected: String(expectedSeq),
            stored: String(seq),
          });
        }
        if (row.prev_hash !== expectedPrev) {
          return report({
            id: row.id,
            chain_seq: seq,
            reason: joinsCut ? 'cut_discontinuous' : 'prev_hash_mismatch',
            expected: expectedPrev,
            stored: row.prev_hash,
          });
        }
        const recomputed = chainHash(row.prev_hash, chainedFieldsOf(row));
        if (recomputed !== row.hash) {
          return report({
            id: row.id,
            chain_seq: seq,
            reason: 'hash_mismatch',
            expected: recomputed,
            stored: row.hash,
          });
        }
        const checkpoint = signedHere.get(seq);
        if (checkpoint) {
          // A checkpoint row that its signature does not cover proves nothing (and was not written by audit).
          const signed = await this.signs(checkpoint.signature, orgId, checkpoint);
          if (!signed.ok) {
            return report({
              id: row.id,
              chain_seq: seq,
              reason: 'checkpoint_unsigned',
              expected: 'a valid signature',
              stored: checkpoint.signature ?? 'none',
            });
          }
          if (checkpoint.hash !== row.hash) {
            return report({
              id: row.id,
              chain_seq: seq,
              reason: 'checkpoint_mismatch',
              expected: checkpoint.hash,
              stored: row.hash,
            });
          }
          checkpoints += 1;
          if (signed.legacy) legacy += 1;
        }
        checked += 1;
        head = { chain_seq: seq, hash: row.hash };
        expectedPrev = row.hash;
        expectedSeq = seq + 1;
      }
      if (rows.length < PAGE) break;
    }
    if (newestSigned && newestSigned.chain_seq > expectedSeq - 1) {
      return report({
        id: '',
        chain_seq: expectedSeq,
        reason: 'truncated',
        expected: `${newestSigned.chain_seq} (signed)`,
        stored: String(expectedSeq - 1),
      });
    }
    return report(null);
  }

  private async newestSigned(
    em: EntityManager,
    schema: string,
    orgId: string,
    after: number,
  ): Promise<{ chain_seq: number } | undefined> {
    if (!this.statements) return undefined;
    const newest = await em.execute<SignedRow[]>(
      `select "chain_seq", "hash", "signature" from "${schema}"."checkpoints"
        where "org_id" = ? and "chain_seq" > ? order by "chain_seq" desc limit 20`,
      [orgId, after],
    );
    for (const checkpoint of newest) {
      if ((await this.signs(checkpoint.signature, orgId, checkpoint)).ok)
        return { chain_seq: Number(checkpoint.chain_seq) };
    }
    return undefined;
  }

  /**
   * Is the newest cut continuous with the chain it cuts? Retention deletes a prefix and records the
   * cut in the same transaction, one batch at a time, so: no event at or before the cut remains
   * (one there was put back, or never deleted, and escapes verification), the cuts' deleted counts
   * add up to the cut's position (every event before it was cut, none removed otherwise), and a
   * checkpoint signed at the cut's position names the cut's hash. The first event after the cut is
   * checked against it by the walk.
   */
  private async cutDiscontinuity(
    em: EntityManager,
    schema: string,
    orgId: string,
    cut: CutRow,
  ): Promise<BrokenLink | undefined> {
    const at = Number(cut.chain_seq);
    const [left] = await em.execute<{ id: string; chain_seq: string }[]>(
      `select "id", "chain_seq" from "${schema}"."events" where "org_id" = ? and "chain_seq" <= ? order by "chain_seq" desc limit 1`,
      [orgId, at],
    );
    if (left) {
      return {
        id: left.id,
        chain_seq: Number(left.chain_seq),
        reason: 'cut_discontinuous',
        expected: `no event at or before the cut at ${at}`,
        stored: `event ${left.chain_seq}`,
      };
    }
    const [total] = await em.execute<{ deleted: string }[]>(
      `select coalesce(sum("deleted"), 0)::text as "deleted" from "${schema}"."chain_cuts" where "org_id" = ?`,
      [orgId],
    );
    if (Number(total?.deleted ?? 0) !== at) {
      return {
        id: '',
        chain_seq: at,
        reason: 'cut_discontinuous',
        expected: `${at} events cut`,
        stored: `${total?.deleted ?? 0} events cut`,
      };
    }
    if (this.statements) {
      const [checkpoint] = await em.execute<SignedRow[]>(
        `select "chain_seq", "hash", "signature" from "${schema}"."checkpoints" where "org_id" = ? and "chain_seq" = ?`,
        [orgId, at],
      );
      if (
        checkpoint &&
        checkpoint.hash !== cut.hash &&
        (await this.signs(checkpoint.signature, orgId, checkpoint)).ok
      ) {
        return {
          id: '',
          chain_seq: at,
          reason: 'cut_discontinuous',
          expected: checkpoint.hash,
          stored: cut.hash,
        };
      }
    }
    return undefined;
  }

  private async signs(
    signature: string | null,
    orgId: string,
    row: { chain_seq: string; hash: string },
  ): Promise<StatementVerification> {
    if (!this.statements || signature === null) return { ok: false };
    return this.statements.verifies('checkpoint', signature, {
      org_id: orgId,
      chain_seq: Number(row.chain_seq),
      hash: row.hash,
    });
  }
}
