import { Migration } from '@mikro-orm/migrations';

export class Migration20261125020000_chain extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'audit';
    // Each organisation's events form a hash chain in the order they were stored.
    this.addSql(`alter table "${s}"."events"
      add column "chain_seq" bigint not null,
      add column "prev_hash" char(64) not null,
      add column "hash" char(64) not null`);
    this.addSql(`create unique index "events_org_chain_idx" on "${s}"."events" ("org_id", "chain_seq")`);
    this.addSql(
      `create index "events_org_outcome_idx" on "${s}"."events" ("org_id", "outcome", "seq" desc) where "outcome" is not null`,
    );
    this.addSql(`create index "events_org_actor_idx" on "${s}"."events" ("org_id", "actor_id", "seq" desc)`);
    this.addSql(`create table "${s}"."checkpoints" (
      "org_id" varchar(40) not null,
      "chain_seq" bigint not null,
      "hash" char(64) not null,
      "signed_at" timestamptz not null,
      "kid" varchar(100) not null,
      "signature" text not null,
      primary key ("org_id", "chain_seq")
    )`);
    // Retention deletes a chain's oldest events; the cut keeps where verification starts again.
    this.addSql(`create table "${s}"."chain_cuts" (
      "org_id" varchar(40) not null,
      "chain_seq" bigint not null,
      "hash" char(64) not null,
      "cut_at" timestamptz not null default now(),
      "deleted" bigint not null,
      primary key ("org_id", "chain_seq")
    )`);
    this.addSql(`create table "${s}"."key_usage_rollups" (
      "key_id" varchar(40) not null,
      "org_id" varchar(40) not null,
      "period" varchar(4) not null check ("period" in ('hour', 'day')),
      "bucket_start" timestamptz not null,
      "status" varchar(3) not null,
      "requests" bigint not null,
      "last_used_at" timestamptz not null,
      "last_ip" varchar(64) null,
      primary key ("key_id", "period", "bucket_start", "status")
    )`);
    this.addSql(
      `create index "key_usage_rollups_org_idx" on "${s}"."key_usage_rollups" ("org_id", "key_id", "period", "bucket_start")`,
    );
  }
}
