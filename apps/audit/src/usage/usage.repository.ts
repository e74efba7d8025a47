import { Injectable } from '@nestjs/common';
import { AuditDatabase } from '../trail';

/** One stored rollup: a key's requests with one status in one hour or day. */
export interface UsageRollup {
  bucket_start: Date;
  status: string;
  requests: number;
  last_used_at: Date;
  last_ip: string | null;
}

export interface UsageQuery {
  orgId: string;
  keyId: string;
  period: 'hour' | 'day';
  since: Date;
  until: Date;
}

/** Reads `key_usage_rollups` (ingestion writes them, with the `key.used` events they sum). */
@Injectable()
export class UsageRepository {
  constructor(private readonly db: AuditDatabase) {}

  /** The key's rollups with buckets starting in [since, until), oldest first. */
  async rollups(q: UsageQuery): Promise<UsageRollup[]> {
    const schema = this.db.schema;
    const rows = await this.db
      .reader()
      .execute<
        { bucket_start: Date; status: string; requests: string; last_used_at: Date; last_ip: string | null }[]
      >(
        `select "bucket_start", "status", "requests", "last_used_at", "last_ip" from "${schema}"."key_usage_rollups"
        where "org_id" = ? and "key_id" = ? and "period" = ? and "bucket_start" >= ? and "bucket_start" < ?
        order by "bucket_start", "status"`,
        [q.orgId, q.keyId, q.period, q.since, q.until],
      );
    return rows.map((r) => ({
      bucket_start: new Date(r.bucket_start),
      status: r.status,
      requests: Number(r.requests),
      last_used_at: new Date(r.last_used_at),
      last_ip: r.last_ip,
    }));
  }
}
