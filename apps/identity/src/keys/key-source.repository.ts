import { Inject, Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';

/** An address a key has not been used from for this long is forgotten (bounded rows per key). */
export const SOURCE_RETENTION_MS = 90 * 86_400_000;

/** One key's use from one client address, up to a time. */
export interface KeySourceUse {
  keyId: string;
  ip: string;
  at: Date;
}

/**
 * The client addresses each key was used from (`key_source_addresses`, ADR 0025): identity learns
 * them from the gateways' `key.used` events it already consumes for `last_used_at`, so a bulk
 * revocation can name "every key used from 203.0.113.0/24". Plain SQL: an upsert and inet matching.
 */
@Injectable()
export class KeySourceRepository {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  /** Records each (key, address) at its latest time (never back); forgets addresses of those keys unseen for 90 days. */
  async record(uses: readonly KeySourceUse[], now = new Date()): Promise<void> {
    // Only addresses PostgreSQL's inet accepts (the gateway sends addresses; anything else is dropped).
    const rows = uses
      .filter((u) => isIP(u.ip) !== 0 && !Number.isNaN(u.at.getTime()))
      .map((u) => ({ key_id: u.keyId, ip: u.ip, at: u.at.toISOString() }));
    if (rows.length === 0) return;
    const schema = this.schema();
    const connection = this.orm.em.fork().getConnection();
    await connection.execute(
      `insert into "${schema}"."key_source_addresses" as s ("key_id", "ip", "last_seen_at")
       select u.key_id, u.ip::inet, max(u.at) from jsonb_to_recordset(?::jsonb) as u(key_id text, ip text, at timestamptz)
       group by u.key_id, u.ip::inet
       on conflict ("key_id", "ip") do update set "last_seen_at" = greatest(s."last_seen_at", excluded."last_seen_at")`,
      [JSON.stringify(rows)],
    );
    await connection.execute(
      `delete from "${schema}"."key_source_addresses" where "key_id" in (select jsonb_array_elements_text(?::jsonb)) and "last_seen_at" < ?`,
      [
        JSON.stringify([...new Set(rows.map((r) => r.key_id))]),
        new Date(now.getTime() - SOURCE_RETENTION_MS),
      ],
    );
  }

  /** Of these keys, the ones used from this address or from within this CIDR block. */
  async usedFrom(keyIds: readonly string[], cidr: string): Promise<Set<string>> {
    if (keyIds.length === 0) return new Set();
    const rows: { key_id: string }[] = await this.orm.em
      .fork()
      .getConnection()
      .execute(
        `select distinct "key_id" from "${this.schema()}"."key_source_addresses"
         where "key_id" in (select jsonb_array_elements_text(?::jsonb)) and "ip" <<= ?::inet`,
        // Arrays travel as JSON: the driver would spread a JavaScript array into several parameters.
        [JSON.stringify(keyIds), cidr],
      );
    return new Set(rows.map((r) => r.key_id));
  }

  /** The addresses the key was used from since `since`. */
  async seenSince(keyId: string, since: Date): Promise<string[]> {
    const rows: { ip: string }[] = await this.orm.em
      .fork()
      .getConnection()
      .execute(
        `select host("ip") as ip from "${this.schema()}"."key_source_addresses" where "key_id" = ? and "last_seen_at" >= ?`,
        [keyId, since],
      );
    return rows.map((r) => r.ip);
  }

  private schema(): string {
    return this.orm.config.get('schema') ?? 'identity';
  }
}
