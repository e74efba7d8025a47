import { Migration } from '@mikro-orm/migrations';

/**
 * Bulk revocation (ADR 0025): the plans a dry run stores (the exact keys, the filter, who, when,
 * until when; executed once), and the client addresses each key was used from, recorded from the
 * gateways' `key.used` events, so a revocation can name the keys used from a leaked address.
 */
export class Migration20261228110000_revocation_plans extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'identity';
    this.addSql(`create table "${s}"."key_revocation_plans" (
      "id" varchar(40) primary key,
      "org_id" varchar(40) not null,
      "key_ids" text[] not null,
      "filter" jsonb not null,
      "reason" text not null,
      "planned_by" jsonb not null,
      "created_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "executed_at" timestamptz null,
      "executed_by" jsonb null
    )`);
    this.addSql(
      `create index "key_revocation_plans_expires_idx" on "${s}"."key_revocation_plans" ("expires_at")`,
    );
    this.addSql(`create table "${s}"."key_source_addresses" (
      "key_id" varchar(40) not null,
      "ip" inet not null,
      "last_seen_at" timestamptz not null,
      primary key ("key_id", "ip")
    )`);
    this.addSql(
      `create index "key_source_addresses_seen_idx" on "${s}"."key_source_addresses" ("last_seen_at")`,
    );
  }
}
