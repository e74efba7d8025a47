import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';

/** How long what a key exercised is kept: the least-privilege window (ADR 0026). */
export const EXERCISE_WINDOW_MS = 30 * 86_400_000;

/** One window of one key's use, as a `key.used` event reports it. */
export interface KeyWindowUse {
  keyId: string;
  at: Date;
  requests: number;
  /** Route label → requests. */
  routes: Record<string, number>;
}

/** What a key exercised over the window: its routes, its busiest minute, its requests. */
export interface KeyExercise {
  routes: string[];
  peakPerMinute: number;
  requests: number;
}

/**
 * What each key exercised (`key_exercised_routes`, `key_request_minutes`; plain SQL upserts),
 * recorded from the gateways' `key.used` that identity already consumes, kept 30 days.
 */
@Injectable()
export class KeyExerciseRepository {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async record(uses: readonly KeyWindowUse[], now = new Date()): Promise<void> {
    const valid = uses.filter((u) => !Number.isNaN(u.at.getTime()));
    if (valid.length === 0) return;
    const schema = this.schema();
    const connection = this.orm.em.fork().getConnection();
    const routes = valid.flatMap((u) =>
      Object.entries(u.routes).map(([route, n]) => ({
        key_id: u.keyId,
        route: route.slice(0, 300),
        at: u.at.toISOString(),
        n,
      })),
    );
    if (routes.length > 0)
      await connection.execute(
        `insert into "${schema}"."key_exercised_routes" as r ("key_id", "route", "last_seen_at", "requests")
         select u.key_id, u.route, max(u.at), sum(u.n) from jsonb_to_recordset(?::jsonb) as u(key_id text, route text, at timestamptz, n bigint)
         group by u.key_id, u.route
         on conflict ("key_id", "route") do update set
           "last_seen_at" = greatest(r."last_seen_at", excluded."last_seen_at"), "requests" = r."requests" + excluded."requests"`,
        [JSON.stringify(routes)],
      );
    const minutes = valid.map((u) => ({ key_id: u.keyId, at: u.at.toISOString(), n: u.requests }));
    await connection.execute(
      `insert into "${schema}"."key_request_minutes" as m ("key_id", "minute", "requests")
       select u.key_id, date_trunc('minute', u.at), sum(u.n) from jsonb_to_recordset(?::jsonb) as u(key_id text, at timestamptz, n integer)
       group by u.key_id, date_trunc('minute', u.at)
       on conflict ("key_id", "minute") do update set "requests" = m."requests" + excluded."requests"`,
      [JSON.stringify(minutes)],
    );
    const cutoff = new Date(now.getTime() - EXERCISE_WINDOW_MS);
    await connection.execute(`delete from "${schema}"."key_request_minutes" where "minute" < ?`, [cutoff]);
    await connection.execute(`delete from "${schema}"."key_exercised_routes" where "last_seen_at" < ?`, [
      cutoff,
    ]);
  }

  /** What the key exercised since `since`. */
  async exercised(keyId: string, since: Date): Promise<KeyExercise> {
    const schema = this.schema();
    const connection = this.orm.em.fork().getConnection();
    const routes: { route: string }[] = await connection.execute(
      `select "route" from "${schema}"."key_exercised_routes" where "key_id" = ? and "last_seen_at" >= ? order by "route"`,
      [keyId, since],
    );
    const [totals] = (await connection.execute(
      `select coalesce(max("requests"), 0)::int as peak, coalesce(sum("requests"), 0)::bigint as requests
       from "${schema}"."key_request_minutes" where "key_id" = ? and "minute" >= ?`,
      [keyId, since],
    )) as { peak: number; requests: string | number }[];
    return {
      routes: routes.map((r) => r.route),
      peakPerMinute: Number(totals?.peak ?? 0),
      requests: Number(totals?.requests ?? 0),
    };
  }

  private schema(): string {
    return this.orm.config.get('schema') ?? 'identity';
  }
}
