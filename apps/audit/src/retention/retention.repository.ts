import { Injectable } from '@nestjs/common';
import { SYSTEM_ORG_ID } from '@latchkey/contracts';
import type { CutPayload } from '../chain';
import { AuditDatabase } from '../trail';

/** The advisory lock that serialises retention batches (a name no organisation id can take). */
const RETENTION_LOCK = 'latchkey.audit.retention';

/** The events received before these are deleted (undefined: none of them). */
export interface Cutoffs {
  /** Every organisation's but the system tenant's. */
  cutoff: Date | undefined;
  /** The system tenant's. */
  systemCutoff: Date | undefined;
}

/** A cut to record: what the batch removed from one chain (the signature is added by `sign`). */
export type Cut = Omit<CutPayload, 'cut_at'>;

/** Deletes chain prefixes and records, in the same transaction, the signed cut of each. */
@Injectable()
export class RetentionRepository {
  constructor(private readonly db: AuditDatabase) {}

  /**
   * Deletes up to `limit` of the oldest events due (per chain, a prefix) and records each chain's
   * cut, signed by `sign`, in one transaction; returns how many events went.
   */
  async deleteBatch(
    { cutoff, systemCutoff }: Cutoffs,
    limit: number,
    sign: (cut: Cut, cutAt: Date) => Promise<string>,
  ): Promise<number> {
    const schema = this.db.schema;
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (cutoff) {
      conditions.push(`("org_id" <> ? and "received_at" < ?)`);
      params.push(SYSTEM_ORG_ID, cutoff);
    }
    if (systemCutoff) {
      conditions.push(`("org_id" = ? and "received_at" < ?)`);
      params.push(SYSTEM_ORG_ID, systemCutoff);
    }
    if (conditions.length === 0) return 0;
    return this.db.write(async (tx) => {
      // One batch at a time across replicas: a chain's newest cut then never lies past events
      // still stored, which the verifier reports as a cut discontinuous with its chain.
      await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 16))', [RETENTION_LOCK]);
      const rows = await tx.execute<{ org_id: string; chain_seq: string; hash: string; n: string }[]>(
        `with doomed as (
           select "id", "org_id", "chain_seq", "hash" from "${schema}"."events"
            where ${conditions.join(' or ')} order by "org_id", "chain_seq" limit ${limit} for update skip locked
         ), gone as (
           delete from "${schema}"."events" e using doomed d where e."id" = d."id"
           returning d."org_id", d."chain_seq", d."hash"
         )
         select distinct on ("org_id") "org_id", "chain_seq", "hash", count(*) over (partition by "org_id") as n
           from gone order by "org_id", "chain_seq" desc`,
        params,
      );
      for (const row of rows) {
        const cutAt = new Date();
        const cut: Cut = {
          org_id: row.org_id,
          chain_seq: Number(row.chain_seq),
          hash: row.hash,
          deleted: Number(row.n),
        };
        const signature = await sign(cut, cutAt);
        await tx.execute(
          `insert into "${schema}"."chain_cuts" ("org_id", "chain_seq", "hash", "cut_at", "deleted", "signature")
           values (?, ?, ?, ?, ?, ?) on conflict do nothing`,
          [cut.org_id, cut.chain_seq, cut.hash, cutAt, cut.deleted, signature],
        );
      }
      return rows.reduce((sum, r) => sum + Number(r.n), 0);
    });
  }
}
