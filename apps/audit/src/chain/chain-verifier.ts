import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { BrokenLinkView, ChainReportView } from '@latchkey/contracts';
import { chainedFieldsOf, type StoredEventRow } from './chain-records';
import { chainHash, GENESIS_HASH } from './hash-chain';

/** The report's wire shape is part of the HTTP contract (`@latchkey/contracts`). */
export type BrokenLink = BrokenLinkView;
export type ChainReport = ChainReportView;

const PAGE = 2000;

/** Recomputes an organisation's chain from its start (or its last retention cut) and reports the first broken link. */
@Injectable()
export class ChainVerifier {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async organisations(): Promise<string[]> {
    const schema = this.orm.config.get('schema') as string;
    const rows = await this.orm.em
      .fork()
      .execute<{ org_id: string }[]>(`select distinct "org_id" from "${schema}"."events" order by 1`);
    return rows.map((r) => r.org_id);
  }

  async verify(orgId: string): Promise<ChainReport> {
    const schema = this.orm.config.get('schema') as string;
    const em = this.orm.em.fork();
    const [cut] = await em.execute<{ chain_seq: string; hash: string }[]>(
      `select "chain_seq", "hash" from "${schema}"."chain_cuts" where "org_id" = ? order by "chain_seq" desc limit 1`,
      [orgId],
    );
    const start = cut ? Number(cut.chain_seq) : 0;
    let expectedPrev = cut ? cut.hash : GENESIS_HASH;
    let expectedSeq = start + 1;
    let checked = 0;
    let head: ChainReport['head'] = null;
    const report = (first_broken: BrokenLink | null): ChainReport => ({
      org_id: orgId,
      ok: first_broken === null,
      checked,
      from_chain_seq: start,
      head,
      first_broken,
    });
    for (;;) {
      // Keyset pages: a chain of any length is checked in bounded memory.
      const rows = await em.execute<StoredEventRow[]>(
        `select * from "${schema}"."events" where "org_id" = ? and "chain_seq" >= ? order by "chain_seq" limit ${PAGE}`,
        [orgId, expectedSeq],
      );
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
        checked += 1;
        head = { chain_seq: seq, hash: row.hash };
        expectedPrev = row.hash;
        expectedSeq = seq + 1;
      }
      if (rows.length < PAGE) return report(null);
    }
  }
}
