import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditDatabase, eventRowOf, type AuditEventRow, type RawEventRow } from '../trail';

/** A retention cut as stored. */
export interface StoredCut {
  chain_seq: number;
  hash: string;
  deleted: number;
  signature: string | null;
}

/** A checkpoint's statement and signature as stored. */
export interface StoredCheckpoint {
  chain_seq: number;
  hash: string;
  signature: string | null;
}

interface RawSigned {
  chain_seq: string;
  hash: string;
  signature: string | null;
}
const signedOf = (r: RawSigned): StoredCheckpoint => ({
  chain_seq: Number(r.chain_seq),
  hash: r.hash,
  signature: r.signature,
});

/** The reads of one verification, all in one snapshot of the chain. */
export class ChainSnapshot {
  constructor(
    private readonly em: EntityManager,
    private readonly schema: string,
  ) {}

  /** The organisation's newest retention cut (where its chain now starts). */
  async newestCut(orgId: string): Promise<StoredCut | undefined> {
    const [cut] = await this.em.execute<(RawSigned & { deleted: string })[]>(
      `select "chain_seq", "hash", "deleted", "signature" from "${this.schema}"."chain_cuts" where "org_id" = ? order by "chain_seq" desc limit 1`,
      [orgId],
    );
    return cut ? { ...signedOf(cut), deleted: Number(cut.deleted) } : undefined;
  }

  /** Up to `limit` events of the chain from position `fromSeq`, in chain order. */
  async events(orgId: string, fromSeq: number, limit: number): Promise<AuditEventRow[]> {
    const rows = await this.em.execute<RawEventRow[]>(
      `select * from "${this.schema}"."events" where "org_id" = ? and "chain_seq" >= ? order by "chain_seq" limit ${limit}`,
      [orgId, fromSeq],
    );
    return rows.map(eventRowOf);
  }

  async checkpointsBetween(orgId: string, from: number, to: number): Promise<StoredCheckpoint[]> {
    const rows = await this.em.execute<RawSigned[]>(
      `select "chain_seq", "hash", "signature" from "${this.schema}"."checkpoints"
        where "org_id" = ? and "chain_seq" between ? and ?`,
      [orgId, from, to],
    );
    return rows.map(signedOf);
  }

  /** The newest `limit` checkpoints after position `after`, newest first. */
  async newestCheckpoints(orgId: string, after: number, limit: number): Promise<StoredCheckpoint[]> {
    const rows = await this.em.execute<RawSigned[]>(
      `select "chain_seq", "hash", "signature" from "${this.schema}"."checkpoints"
        where "org_id" = ? and "chain_seq" > ? order by "chain_seq" desc limit ${limit}`,
      [orgId, after],
    );
    return rows.map(signedOf);
  }

  async checkpointAt(orgId: string, at: number): Promise<StoredCheckpoint | undefined> {
    const [row] = await this.em.execute<RawSigned[]>(
      `select "chain_seq", "hash", "signature" from "${this.schema}"."checkpoints" where "org_id" = ? and "chain_seq" = ?`,
      [orgId, at],
    );
    return row ? signedOf(row) : undefined;
  }

  /** The newest event still stored at or before position `at`. */
  async eventAtOrBefore(orgId: string, at: number): Promise<{ id: string; chain_seq: number } | undefined> {
    const [left] = await this.em.execute<{ id: string; chain_seq: string }[]>(
      `select "id", "chain_seq" from "${this.schema}"."events" where "org_id" = ? and "chain_seq" <= ? order by "chain_seq" desc limit 1`,
      [orgId, at],
    );
    return left ? { id: left.id, chain_seq: Number(left.chain_seq) } : undefined;
  }

  /** How many events the organisation's cuts deleted, in all. */
  async deletedTotal(orgId: string): Promise<number> {
    const [total] = await this.em.execute<{ deleted: string }[]>(
      `select coalesce(sum("deleted"), 0)::text as "deleted" from "${this.schema}"."chain_cuts" where "org_id" = ?`,
      [orgId],
    );
    return Number(total?.deleted ?? 0);
  }
}

/** What verification reads of the chains: events in chain order, cuts and checkpoints. */
@Injectable()
export class ChainRepository {
  constructor(private readonly db: AuditDatabase) {}

  private get schema(): string {
    return this.db.schema;
  }

  /** Every organisation with a chain (events, or checkpoints of events since cut). */
  async organisations(): Promise<string[]> {
    const rows = await this.db
      .reader()
      .execute<{ org_id: string }[]>(
        `select "org_id" from "${this.schema}"."events" union select "org_id" from "${this.schema}"."checkpoints" order by 1`,
      );
    return rows.map((r) => r.org_id);
  }

  /**
   * One read-only snapshot (REPEATABLE READ) for the whole of `work`: retention cutting the chain
   * or a checkpoint being signed meanwhile cannot make a sound chain look broken.
   */
  async snapshot<T>(work: (snapshot: ChainSnapshot) => Promise<T>): Promise<T> {
    return this.db.snapshot((em) => work(new ChainSnapshot(em, this.schema)));
  }
}
