import { Migration } from '@mikro-orm/migrations';

/**
 * Which server pepper each secret hash was made with, so the pepper can rotate: new secrets are
 * hashed under the first configured pepper, a secret presented under an older one is re-hashed, and
 * `select pepper_id, count(*) …` shows how many live secrets still need the old pepper.
 */
export class Migration20261220000000_pepper_ids extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'identity';
    // Every existing hash was made with the single KEY_PEPPER of earlier versions, which the
    // configuration now calls `legacy` (LEGACY_PEPPER_ID; a literal: a migration never changes).
    this.addSql(
      `alter table "${s}"."api_key_secrets" add column "pepper_id" varchar(32) not null default 'legacy'`,
    );
    this.addSql(`alter table "${s}"."api_key_secrets" alter column "pepper_id" drop default`);
  }
}
