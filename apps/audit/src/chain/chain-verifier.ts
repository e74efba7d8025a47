import { Inject, Injectable, Optional } from '@nestjs/common';
import { IsolationLevel } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { BrokenLinkView, ChainReportView } from '@latchkey/contracts';
import { chainedFieldsOf, type StoredEventRow } from './chain-records';
import { ChainStatementVerifier } from './chain-signer';
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

/**
 * Recomputes an organisation's chain from its start (or its last retention cut) and reports the
 * first broken link. With the published public key (`statements`), it also holds the chain to what
 * was signed: the cut it starts from must be signed, every signed checkpoint must match the stored
 * hash at its position, and the chain must reach the newest checkpoint — so rewriting history with
 * recomputed hashes, cutting off its end, or hiding a prefix behind a forged cut is found.
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
    const [cut] = await em.execute<SignedRow[]>(
      `select "chain_seq", "hash", "signature" from "${schema}"."chain_cuts" where "org_id" = ? order by "chain_seq" desc limit 1`,
      [orgId],
    );
    const start = cut ? Number(cut.chain_seq) : 0;
    let expectedPrev = cut ? cut.hash : GENESIS_HASH;
    let expectedSeq = start + 1;
    let checked = 0;
    let checkpoints = 0;
    let head: ChainReport['head'] = null;
    const report = (first_broken: BrokenLink | null): ChainReport => ({
      org_id: orgId,
      ok: first_broken === null,
      checked,
      checkpoints_checked: checkpoints,
      from_chain_seq: start,
      head,
      first_broken,
    });
    if (cut && this.statements && !(await this.signs(cut.signature, orgId, cut))) {
      return report({
        id: '',
        chain_seq: start,
        reason: 'cut_unsigned',
        expected: 'a valid signature',
        stored: cut.signature ?? 'none',
      });
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
        if (seq !== expectedSeq) {
          return report({
            id: row.id,
            chain_seq: seq,
            reason: 'gap',
            expected: String(expectedSeq),
            stored: String(seq),
          });
        }
        if (row.prev_hash !== expectedPrev) {
          return report({
            id: row.id,
            chain_seq: seq,
            reason: 'prev_hash_mismatch',
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
          if (!(await this.signs(checkpoint.signature, orgId, checkpoint))) {
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
      if (await this.signs(checkpoint.signature, orgId, checkpoint))
        return { chain_seq: Number(checkpoint.chain_seq) };
    }
    return undefined;
  }

  private async signs(
    signature: string | null,
    orgId: string,
    row: { chain_seq: string; hash: string },
  ): Promise<boolean> {
    if (!this.statements || signature === null) return false;
    return this.statements.verifies(signature, {
      org_id: orgId,
      chain_seq: Number(row.chain_seq),
      hash: row.hash,
    });
  }
}
