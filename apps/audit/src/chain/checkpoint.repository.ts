import { Injectable } from '@nestjs/common';
import type { CheckpointView } from '@latchkey/contracts';
import { AuditDatabase } from '../trail';
import type { ChainHead } from './hash-chain';

/** A signed checkpoint to record. */
export interface NewCheckpoint extends ChainHead {
  org_id: string;
  signed_at: Date;
  kid: string;
  signature: string;
}

/** The `checkpoints` table: chain heads to sign, and the signed checkpoints. */
@Injectable()
export class CheckpointRepository {
  constructor(private readonly db: AuditDatabase) {}

  private get schema(): string {
    return this.db.schema;
  }

  /** The head of every organisation's chain (its newest event). */
  async heads(): Promise<(ChainHead & { org_id: string })[]> {
    const rows = await this.db.reader().execute<{ org_id: string; chain_seq: string; hash: string }[]>(
      `select distinct on (e."org_id") e."org_id", e."chain_seq", e."hash"
         from "${this.schema}"."events" e
        order by e."org_id", e."chain_seq" desc`,
    );
    return rows.map((r) => ({ org_id: r.org_id, chain_seq: Number(r.chain_seq), hash: r.hash }));
  }

  /** Records a checkpoint; false when one is already recorded at that position. */
  async insert(checkpoint: NewCheckpoint): Promise<boolean> {
    const inserted = await this.db.write((em) =>
      em.execute<unknown[]>(
        `insert into "${this.schema}"."checkpoints" ("org_id", "chain_seq", "hash", "signed_at", "kid", "signature")
       values (?, ?, ?, ?, ?, ?) on conflict do nothing returning 1`,
        [
          checkpoint.org_id,
          checkpoint.chain_seq,
          checkpoint.hash,
          checkpoint.signed_at,
          checkpoint.kid,
          checkpoint.signature,
        ],
      ),
    );
    return inserted.length > 0;
  }

  /** The organisation's newest checkpoints, newest first. */
  async list(orgId: string, limit: number): Promise<CheckpointView[]> {
    const rows = await this.db
      .reader()
      .execute<{ chain_seq: string; hash: string; signed_at: Date; kid: string; signature: string }[]>(
        `select "chain_seq", "hash", "signed_at", "kid", "signature" from "${this.schema}"."checkpoints"
          where "org_id" = ? order by "chain_seq" desc limit ${limit}`,
        [orgId],
      );
    return rows.map((r) => ({
      chain_seq: Number(r.chain_seq),
      hash: r.hash,
      signed_at: new Date(r.signed_at).toISOString(),
      kid: r.kid,
      signature: r.signature,
    }));
  }
}
