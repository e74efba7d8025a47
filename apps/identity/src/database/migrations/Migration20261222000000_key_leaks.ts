import { Migration } from '@mikro-orm/migrations';

/**
 * Leak reports (POST /security/leaks): when a live secret of a key was last reported found in
 * public, where, and what the organisation's leak_action did; and the quarantine (reads only) that
 * action may put a key in. The policy's leak_action lives in the organisation's policy JSON, whose
 * defaults fill it in for policies saved before (no column).
 */
export class Migration20261222000000_key_leaks extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'identity';
    this.addSql(
      `alter table "${s}"."api_keys"
        add column "leaked_at" timestamptz null,
        add column "leak_url" text null,
        add column "leak_source" varchar(100) null,
        add column "leak_type" varchar(200) null,
        add column "leak_action" varchar(16) null
          constraint "api_keys_leak_action_check" check ("leak_action" in ('revoke', 'quarantine', 'report')),
        add column "quarantined_at" timestamptz null`,
    );
  }
}
