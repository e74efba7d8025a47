import { Migration } from '@mikro-orm/migrations';

/**
 * Least privilege (ADR 0026): what each key exercised, from the gateways' `key.used` events — the
 * routes it called (the last time, how often) and its requests per minute (for the peak rate) —
 * kept 30 days, next to the grants they are compared with.
 */
export class Migration20261228110100_exercised_grants extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'identity';
    this.addSql(`create table "${s}"."key_exercised_routes" (
      "key_id" varchar(40) not null,
      "route" varchar(300) not null,
      "last_seen_at" timestamptz not null,
      "requests" bigint not null,
      primary key ("key_id", "route")
    )`);
    this.addSql(`create table "${s}"."key_request_minutes" (
      "key_id" varchar(40) not null,
      "minute" timestamptz not null,
      "requests" integer not null,
      primary key ("key_id", "minute")
    )`);
    this.addSql(`create index "key_request_minutes_minute_idx" on "${s}"."key_request_minutes" ("minute")`);
  }
}
