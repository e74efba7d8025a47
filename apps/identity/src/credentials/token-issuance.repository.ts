import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { TokenIssuedData } from '@latchkey/contracts';
import type { Transaction } from '@latchkey/runtime';

/** Distinct client addresses counted per window; the rest are summed under `other`. */
const MAX_IPS = 20;

/** One credential's count in one window (a row of `token_issuance`). */
export interface IssuanceRow {
  kind: TokenIssuedData['kind'];
  subject_id: string;
  secret_id: string;
  window_start: Date;
  org_id: string;
  window_end: Date;
  count: number;
  first_at: Date;
  last_at: Date;
  by_ip: Record<string, number>;
}

/** One issuance to count: its credential, window and client address. */
export interface IssuanceCount {
  kind: TokenIssuedData['kind'];
  orgId: string;
  subjectId: string;
  secretId: string;
  windowStart: Date;
  windowEnd: Date;
  ip: string;
  at: Date;
}

/** The rows of `token_issuance` (plain SQL: an upsert and SKIP LOCKED claims no entity expresses). */
@Injectable()
export class TokenIssuanceRepository {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  /** Adds one to the credential's row of the window (one upsert, committed when it resolves). */
  async count(issuance: IssuanceCount): Promise<void> {
    const schema = this.schema();
    await this.orm.em
      .fork()
      .getConnection()
      .execute(
        `insert into "${schema}"."token_issuance" as t
           ("kind", "subject_id", "secret_id", "window_start", "org_id", "window_end", "count",
            "first_at", "last_at", "by_ip")
         values (?, ?, ?, ?, ?, ?, 1, ?, ?, jsonb_build_object(?::text, 1))
         on conflict ("kind", "subject_id", "secret_id", "window_start") do update set
           "count" = t."count" + 1,
           "last_at" = greatest(t."last_at", excluded."last_at"),
           "by_ip" = case
             when jsonb_exists(t."by_ip", ?::text)
               or (select count(*) from jsonb_object_keys(t."by_ip")) < ${MAX_IPS}
             then jsonb_set(t."by_ip", array[?::text], to_jsonb(coalesce((t."by_ip"->>(?::text))::int, 0) + 1))
             else jsonb_set(t."by_ip", '{other}', to_jsonb(coalesce((t."by_ip"->>'other')::int, 0) + 1))
           end`,
        [
          issuance.kind,
          issuance.subjectId,
          issuance.secretId,
          issuance.windowStart,
          issuance.orgId,
          issuance.windowEnd,
          issuance.at,
          issuance.at,
          issuance.ip,
          issuance.ip,
          issuance.ip,
          issuance.ip,
        ],
      );
  }

  /**
   * Up to `limit` rows of windows that ended by `cutoff`, claimed for the change `tx` runs and
   * deleted in it (FOR UPDATE SKIP LOCKED: every replica flushes, none takes another's rows).
   */
  async takeEnded(tx: Transaction, cutoff: Date, limit: number): Promise<IssuanceRow[]> {
    const schema = this.schema();
    const rows = (await tx.em.execute(
      `select * from "${schema}"."token_issuance" where "window_end" <= ?
        order by "window_end" limit ${limit} for update skip locked`,
      [cutoff],
    )) as IssuanceRow[];
    if (rows.length > 0) {
      await tx.em.execute(
        `delete from "${schema}"."token_issuance" t
          using jsonb_to_recordset(?::jsonb) as d("kind" text, "subject_id" text, "secret_id" text, "window_start" timestamptz)
          where t."kind" = d."kind" and t."subject_id" = d."subject_id"
            and t."secret_id" = d."secret_id" and t."window_start" = d."window_start"`,
        [
          JSON.stringify(
            rows.map((r) => ({
              kind: r.kind,
              subject_id: r.subject_id,
              secret_id: r.secret_id,
              window_start: new Date(r.window_start).toISOString(),
            })),
          ),
        ],
      );
    }
    return rows;
  }

  private schema(): string {
    return this.orm.config.get('schema') ?? 'identity';
  }
}
