import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CloudEvent } from '@latchkey/contracts';
import { canonicalParts, linkEvents, type CanonicalParts, type ChainHead } from '../chain';
import { AUDIT_CONFIG, type AuditConfig } from '../config';
import type { AuditEventRow } from '../trail';
import { usageRollups } from '../usage';
import { toEventRow, type NewEventRow } from './event-row';

/** An event ready to be chained: its row and its canonical JSON without the chain position. */
interface PreparedEvent {
  org_id: string;
  row: NewEventRow;
  canonical: CanonicalParts;
}

type StoreSettings = Pick<AuditConfig, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'AUDIT_STORE_LANES'>;

/** The columns each COPY line holds, in its order (every column of the row but `seq`, generated). */
const COPY_COLUMNS = [
  'id',
  'org_id',
  'type',
  'source',
  'subject',
  'key_id',
  'actor_id',
  'outcome',
  'occurred_at',
  'data',
  'chain_seq',
  'prev_hash',
  'hash',
  'received_at',
] as const satisfies readonly Exclude<keyof AuditEventRow, 'seq'>[];

/** A value as a field of COPY's text format: `\N` for null, backslash, tab and line breaks escaped. */
function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] as string) : value;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Stores a batch of events exactly once and extends each organisation's hash chain, in one
 * transaction: per-organisation advisory locks serialise chain extension across replicas, events
 * already stored are skipped (redelivery), usage rollups are updated only for new `key.used`.
 *
 * The work that needs no lock (rows, canonical JSON) is done before the transaction, so a caller
 * may prepare the next batch while the previous one commits. Organisations are spread over
 * `AUDIT_STORE_LANES` lanes (a fixed hash of the organisation id): each lane commits its part of
 * every batch in its own transaction, one at a time in call order, so each organisation's chain
 * follows the order batches arrive in, while lanes use separate connections (and cores) at once.
 * A batch is stored when every lane has committed its part; if one fails, the whole batch is
 * redelivered and the parts already committed are recognised as stored.
 */
@Injectable()
export class EventStore implements OnApplicationShutdown {
  private readonly tails: Promise<unknown>[];
  private readonly pool: Pool;
  private readonly schema: string;

  constructor(@Inject(AUDIT_CONFIG) config: StoreSettings) {
    this.tails = Array.from({ length: config.AUDIT_STORE_LANES }, () => Promise.resolve());
    this.schema = config.DATABASE_SCHEMA;
    // Its own connections, one per lane: the store streams COPY, which MikroORM's query layer
    // does not expose. The URL's parameters (application_name, sslmode, …) apply as for MikroORM.
    this.pool = new Pool({ connectionString: config.DATABASE_URL, max: config.AUDIT_STORE_LANES });
    // An idle connection cut by the server must not crash the process; the next batch reconnects.
    this.pool.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  private laneOf(orgId: string): number {
    return this.tails.length === 1
      ? 0
      : createHash('sha256').update(orgId).digest().readUInt32BE(0) % this.tails.length;
  }

  /** Returns how many events were new. */
  async store(events: CloudEvent[]): Promise<number> {
    const prepared = new Map<string, PreparedEvent>();
    for (const event of events) {
      if (prepared.has(event.id)) continue;
      const row = toEventRow(event);
      prepared.set(event.id, { org_id: row.org_id, row, canonical: canonicalParts(row) });
    }
    if (prepared.size === 0) return 0;
    const parts: PreparedEvent[][] = this.tails.map(() => []);
    const lanes = new Map<string, number>();
    for (const event of prepared.values()) {
      let lane = lanes.get(event.row.org_id);
      if (lane === undefined) lanes.set(event.row.org_id, (lane = this.laneOf(event.row.org_id)));
      (parts[lane] as PreparedEvent[]).push(event);
    }
    const turns = parts.map((part, lane) => {
      if (part.length === 0) return Promise.resolve(0);
      const turn = (this.tails[lane] as Promise<unknown>).then(() => this.commit(part));
      this.tails[lane] = turn.catch(() => undefined);
      return turn;
    });
    const counts = await Promise.all(turns);
    return counts.reduce((sum, n) => sum + n, 0);
  }

  private async commit(batch: PreparedEvent[]): Promise<number> {
    const client = await this.pool.connect();
    // A connection cut while it is checked out (between two statements) is reported as an 'error'
    // event, which would crash the process without a listener; the next statement fails with it.
    let lost: unknown;
    const onError = (error: unknown) => (lost = error);
    client.on('error', onError);
    let failed = false;
    try {
      await client.query('begin');
      const stored = await this.commitIn(client, batch);
      await client.query('commit');
      return stored;
    } catch (error) {
      failed = true;
      if (lost === undefined) await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onError);
      // After a failure the connection may be the reason (cut, restarted server): never reuse it.
      client.release(failed);
    }
  }

  private async commitIn(client: PoolClient, batch: PreparedEvent[]): Promise<number> {
    const orgs = [...new Set(batch.map((e) => e.row.org_id))].sort();
    // Sorted, so two replicas never wait on each other in opposite orders.
    await client.query(
      `select pg_advisory_xact_lock(hashtextextended(o, 7)) from unnest($1::text[]) with ordinality as t(o, n) order by n`,
      [orgs],
    );
    const existing = await client.query<{ id: string }>(
      `select "id" from "${this.schema}"."events" where "id" = any($1::text[])`,
      [batch.map((e) => e.row.id)],
    );
    const known = new Set(existing.rows.map((r) => r.id));
    const fresh = known.size === 0 ? batch : batch.filter((e) => !known.has(e.row.id));
    if (fresh.length === 0) return 0;

    const { heads, receivedAt } = await this.heads(client, orgs);
    // COPY, not INSERT: PostgreSQL spends about half as long per row. Each row's hash is over its
    // canonical JSON; its data column is the canonical JSON of the payload, serialised once for both.
    let text = '';
    for (const { event, chain_seq, prev_hash, hash } of linkEvents(heads, fresh).links) {
      const { row, canonical } = event;
      text +=
        `${copyField(row.id)}\t${copyField(row.org_id)}\t${copyField(row.type)}\t${copyField(row.source)}` +
        `\t${copyField(row.subject)}\t${copyField(row.key_id)}\t${copyField(row.actor_id)}\t${copyField(row.outcome)}` +
        `\t${row.occurred_at}\t${copyField(canonical.data)}\t${chain_seq}\t${prev_hash}\t${hash}\t${receivedAt}\n`;
    }
    await pipeline(
      Readable.from([text]),
      client.query(
        copyFrom(
          `copy "${this.schema}"."events" (${COPY_COLUMNS.map((c) => `"${c}"`).join(', ')}) from stdin`,
        ),
      ),
    );
    await this.rollUp(client, fresh);
    return fresh.length;
  }

  /** The last link of each organisation's chain: its newest event, or where retention cut it. */
  private async heads(
    client: PoolClient,
    orgs: string[],
  ): Promise<{ heads: Map<string, ChainHead>; receivedAt: string }> {
    const { rows } = await client.query<{ org_id: string; chain_seq: string; hash: string }>(
      `select o as "org_id", h."chain_seq", h."hash"
         from unnest($1::text[]) as o
         cross join lateral (
           select "chain_seq", "hash" from (
             (select "chain_seq", "hash" from "${this.schema}"."events" where "org_id" = o order by "chain_seq" desc limit 1)
             union all
             (select "chain_seq", "hash" from "${this.schema}"."chain_cuts" where "org_id" = o order by "chain_seq" desc limit 1)
           ) c order by "chain_seq" desc limit 1
         ) h`,
      [orgs],
    );
    // The wall clock once the locks are held, not the transaction start: per organisation,
    // received_at then grows with chain_seq, so retention always deletes a chain prefix.
    const clock = await client.query<{ now: string }>('select clock_timestamp()::text as "now"');
    return {
      heads: new Map(rows.map((r) => [r.org_id, { chain_seq: Number(r.chain_seq), hash: r.hash }])),
      receivedAt: (clock.rows[0] as { now: string }).now,
    };
  }

  /**
   * Hourly and daily counts per key and status, with the last use and client IP: summed in
   * memory over the batch, then one upsert per (key, period, bucket, status).
   */
  private async rollUp(client: PoolClient, events: PreparedEvent[]): Promise<void> {
    const all = usageRollups(events.map((e) => e.row));
    if (all.length === 0) return;
    await client.query(
      `insert into "${this.schema}"."key_usage_rollups" as u
         ("key_id", "org_id", "period", "bucket_start", "status", "requests", "last_used_at", "last_ip")
       select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::bigint[],
                            $7::timestamptz[], $8::text[])
       on conflict ("key_id", "period", "bucket_start", "status") do update set
         "requests" = u."requests" + excluded."requests",
         "last_used_at" = greatest(u."last_used_at", excluded."last_used_at"),
         "last_ip" = case when excluded."last_used_at" >= u."last_used_at" then excluded."last_ip" else u."last_ip" end`,
      [
        all.map((b) => b.key_id),
        all.map((b) => b.org_id),
        all.map((b) => b.period),
        all.map((b) => new Date(b.bucket_start).toISOString()),
        all.map((b) => b.status),
        all.map((b) => b.requests),
        all.map((b) => new Date(b.last_used_at).toISOString()),
        all.map((b) => b.last_ip),
      ],
    );
  }
}
