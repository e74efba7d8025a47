import { Migration } from '@mikro-orm/migrations';

/**
 * Credentials that end with what they came from: a per-user credential version (user tokens carry
 * it; a password change, role change, disable or removal raises it), and the aggregated record of
 * issued tokens behind `token.issued`.
 */
export class Migration20261215000000_credentials extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'identity';
    // 0 for every existing user: tokens issued before the upgrade carry no version and are read
    // as version 0, so they keep working until their user's first credential change.
    this.addSql(`alter table "${s}"."users" add column "credential_version" integer not null default 0`);
    // One row per credential and window, counted by every identity replica; the flusher turns
    // closed windows into token.issued events (through the outbox, in the same transaction as it
    // deletes the rows).
    this.addSql(`create table "${s}"."token_issuance" (
      "kind" varchar(16) not null check ("kind" in ('access_token', 'user_token')),
      "subject_id" varchar(40) not null,
      "secret_id" varchar(40) not null default '',
      "window_start" timestamptz not null,
      "org_id" varchar(40) not null references "${s}"."organisations" ("id"),
      "window_end" timestamptz not null,
      "count" integer not null,
      "first_at" timestamptz not null,
      "last_at" timestamptz not null,
      "by_ip" jsonb not null default '{}',
      primary key ("kind", "subject_id", "secret_id", "window_start")
    )`);
    this.addSql(`create index "token_issuance_window_end_idx" on "${s}"."token_issuance" ("window_end")`);
  }
}
