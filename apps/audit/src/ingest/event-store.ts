import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import { boundQuery } from '@latchkey/runtime';
import type { CloudEvent, KeyUsedData } from '@latchkey/contracts';
import { chainHash, GENESIS_HASH } from '../chain/hash-chain';
import { toEventRow, type NewEventRow } from './event-row';

interface Head {
  chain_seq: number;
  hash: string;
}

/**
 * Stores a batch of events exactly once and extends each organisation's hash chain, in one
 * transaction: per-organisation advisory locks serialise chain extension across replicas, events
 * already stored are skipped (redelivery), usage rollups are updated only for new `key.used`.
 */
@Injectable()
export class EventStore {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  private get schema(): string {
    return this.orm.config.get('schema') as string;
  }

  /** Returns how many events were new. */
  async store(events: CloudEvent[]): Promise<number> {
    const unique = new Map<string, NewEventRow>();
    for (const event of events) if (!unique.has(event.id)) unique.set(event.id, toEventRow(event));
    if (unique.size === 0) return 0;
    return this.orm.em.fork().transactional(async (tx) => {
      const rows = [...unique.values()];
      const orgs = [...new Set(rows.map((r) => r.org_id))].sort();
      // Sorted, so two replicas never wait on each other in opposite orders.
      await boundQuery(
        tx,
        `select pg_advisory_xact_lock(hashtextextended(o, 7)) from jsonb_array_elements_text($1::jsonb) with ordinality as t(o, n) order by n`,
        [JSON.stringify(orgs)],
      );
      const existing = await boundQuery<{ id: string }>(
        tx,
        `select "id" from "${this.schema}"."events" where "id" in (select jsonb_array_elements_text($1::jsonb))`,
        [JSON.stringify(rows.map((r) => r.id))],
      );
      const known = new Set(existing.map((r) => r.id));
      const fresh = rows.filter((r) => !known.has(r.id));
      if (fresh.length === 0) return 0;

      const heads = await this.heads(tx, orgs);
      const chained = fresh.map((row) => {
        const head = heads.get(row.org_id) ?? { chain_seq: 0, hash: GENESIS_HASH };
        const chainSeq = head.chain_seq + 1;
        const hash = chainHash(head.hash, { ...row, chain_seq: chainSeq });
        heads.set(row.org_id, { chain_seq: chainSeq, hash });
        return { ...row, chain_seq: chainSeq, prev_hash: head.hash, hash };
      });
      await boundQuery(
        tx,
        `insert into "${this.schema}"."events"
           ("id", "org_id", "type", "source", "subject", "key_id", "actor_id", "outcome", "occurred_at", "data",
            "chain_seq", "prev_hash", "hash", "received_at")
         select r."id", r."org_id", r."type", r."source", r."subject", r."key_id", r."actor_id", r."outcome",
                r."occurred_at", r."data", r."chain_seq", r."prev_hash", r."hash",
                -- The wall clock after the lock, not the transaction start: per organisation,
                -- received_at grows with chain_seq, so retention always deletes a chain prefix.
                clock_timestamp()
           from jsonb_to_recordset($1::jsonb) as r("id" text, "org_id" text, "type" text, "source" text, "subject" text,
             "key_id" text, "actor_id" text, "outcome" text, "occurred_at" timestamptz, "data" jsonb,
             "chain_seq" bigint, "prev_hash" text, "hash" text)`,
        [JSON.stringify(chained)],
      );
      await this.rollUp(tx, fresh);
      return fresh.length;
    });
  }

  /** The last link of each organisation's chain: its newest event, or where retention cut it. */
  private async heads(tx: EntityManager, orgs: string[]): Promise<Map<string, Head>> {
    const rows = await boundQuery<{ org_id: string; chain_seq: string; hash: string }>(
      tx,
      `select o as "org_id", h."chain_seq", h."hash"
         from jsonb_array_elements_text($1::jsonb) as o
         cross join lateral (
           select "chain_seq", "hash" from (
             (select "chain_seq", "hash" from "${this.schema}"."events" where "org_id" = o order by "chain_seq" desc limit 1)
             union all
             (select "chain_seq", "hash" from "${this.schema}"."chain_cuts" where "org_id" = o order by "chain_seq" desc limit 1)
           ) c order by "chain_seq" desc limit 1
         ) h`,
      [JSON.stringify(orgs)],
    );
    return new Map(rows.map((r) => [r.org_id, { chain_seq: Number(r.chain_seq), hash: r.hash }]));
  }

  /** Hourly and daily counts per key and status, with the last use and client IP. */
  private async rollUp(tx: EntityManager, rows: NewEventRow[]): Promise<void> {
    const buckets: Record<string, unknown>[] = [];
    for (const row of rows) {
      if (row.type !== 'key.used') continue;
      const data = row.data as unknown as Partial<KeyUsedData>;
      if (typeof data.key_id !== 'string' || !data.by_status) continue;
      const at = new Date(data.window_end ?? row.occurred_at);
      for (const period of ['hour', 'day'] as const) {
        const start = new Date(at);
        start.setUTCMinutes(0, 0, 0);
        if (period === 'day') start.setUTCHours(0);
        for (const [status, count] of Object.entries(data.by_status)) {
          buckets.push({
            key_id: data.key_id,
            org_id: row.org_id,
            period,
            bucket_start: start.toISOString(),
            status,
            requests: count,
            last_used_at: at.toISOString(),
            last_ip: data.last_ip ?? null,
          });
        }
      }
    }
    if (buckets.length === 0) return;
    // One row per bucket in a statement: sum duplicates first (ON CONFLICT cannot touch a row twice).
    await boundQuery(
      tx,
      `insert into "${this.schema}"."key_usage_rollups" as u
         ("key_id", "org_id", "period", "bucket_start", "status", "requests", "last_used_at", "last_ip")
       select "key_id", min("org_id"), "period", "bucket_start", "status", sum("requests"), max("last_used_at"),
              (array_agg("last_ip" order by "last_used_at" desc))[1]
         from jsonb_to_recordset($1::jsonb) as r("key_id" text, "org_id" text, "period" text, "bucket_start" timestamptz,
              "status" text, "requests" bigint, "last_used_at" timestamptz, "last_ip" text)
        group by "key_id", "period", "bucket_start", "status"
       on conflict ("key_id", "period", "bucket_start", "status") do update set
         "requests" = u."requests" + excluded."requests",
         "last_used_at" = greatest(u."last_used_at", excluded."last_used_at"),
         "last_ip" = case when excluded."last_used_at" >= u."last_used_at" then excluded."last_ip" else u."last_ip" end`,
      [JSON.stringify(buckets)],
    );
  }
}
