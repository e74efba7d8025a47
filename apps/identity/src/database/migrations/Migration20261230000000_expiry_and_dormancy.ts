import { Migration } from '@mikro-orm/migrations';

/**
 * Expiry warnings and dormancy (ADR 0022): a key may be `dormant` (disabled as unused until an
 * owner or admin enables it), and every expiry warning sent is recorded once per key, expiry and
 * threshold, so concurrent sweeps of several replicas send each exactly once.
 */
export class Migration20261230000000_expiry_and_dormancy extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'identity';
    this.addSql(`alter table "${s}"."api_keys" drop constraint if exists "api_keys_status_check"`);
    this.addSql(
      `alter table "${s}"."api_keys" add constraint "api_keys_status_check" check ("status" in ('active', 'revoked', 'expired', 'dormant'))`,
    );
    this.addSql(`alter table "${s}"."api_keys" add column "dormant_at" timestamptz null`);
    this.addSql(`alter table "${s}"."api_keys" add column "enabled_at" timestamptz null`);
    // The warnings: the primary key is what "exactly once" means. A key given a new expiry
    // (rotation) is warned again for it.
    this.addSql(`create table "${s}"."key_expiry_warnings" (
      "key_id" varchar(40) not null references "${s}"."api_keys" ("id"),
      "expires_at" timestamptz not null,
      "days_left" smallint not null,
      "warned_at" timestamptz not null,
      primary key ("key_id", "expires_at", "days_left")
    )`);
  }
}
