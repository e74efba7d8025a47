import { Migration } from '@mikro-orm/migrations';

/**
 * Fewer index entries per stored event (every event used to touch eight indexes).
 *
 * - `seq` loses its global UNIQUE index: it is an identity column (unique by construction) and
 *   every read of the trail pages on it within one organisation, through `events_org_seq_idx`.
 * - The actor and key indexes hold only events that have an actor or a key: a filter on either
 *   (`actor_id = …`, `key_id = …`) implies it is not null, so the partial index still answers it,
 *   and the bulk of the trail (`key.used` has no actor) no longer pays for them.
 * - Usage rollups are updated in place all day long: leave room on each page for HOT updates.
 *
 * On a large existing trail this rebuilds two indexes while writes wait: run it in a quiet hour.
 */
export class Migration20261126000000_ingest_indexes extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'audit';
    this.addSql(`alter table "${s}"."events" drop constraint if exists "events_seq_key"`);
    this.addSql(`drop index if exists "${s}"."events_org_actor_idx"`);
    this.addSql(
      `create index "events_org_actor_idx" on "${s}"."events" ("org_id", "actor_id", "seq" desc) where "actor_id" is not null`,
    );
    this.addSql(`drop index if exists "${s}"."events_org_key_idx"`);
    this.addSql(
      `create index "events_org_key_idx" on "${s}"."events" ("org_id", "key_id", "seq" desc) where "key_id" is not null`,
    );
    this.addSql(`alter table "${s}"."key_usage_rollups" set (fillfactor = 70)`);
  }
}
