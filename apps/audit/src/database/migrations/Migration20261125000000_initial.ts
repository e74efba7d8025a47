import { Migration } from '@mikro-orm/migrations';

export class Migration20261125000000_initial extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'audit';
    this.addSql(`create table "${s}"."events" (
      "id" varchar(64) primary key,
      "seq" bigint generated always as identity unique,
      "org_id" varchar(40) not null,
      "type" varchar(64) not null,
      "source" varchar(200) not null,
      "subject" varchar(200) null,
      "key_id" varchar(40) null,
      "actor_id" varchar(64) null,
      "outcome" varchar(64) null,
      "occurred_at" timestamptz not null,
      "received_at" timestamptz not null default now(),
      "data" jsonb not null
    )`);
    this.addSql(`create index "events_org_seq_idx" on "${s}"."events" ("org_id", "seq" desc)`);
    this.addSql(`create index "events_org_key_idx" on "${s}"."events" ("org_id", "key_id", "seq" desc)`);
    this.addSql(`create index "events_org_type_idx" on "${s}"."events" ("org_id", "type", "seq" desc)`);
  }
}
