import { Migration } from '@mikro-orm/migrations';

/**
 * `GET /admin/decisions/:id` (ADR 0023) finds an `auth.denied` record by its `decision_id`: a partial
 * expression index over those events only (one entry per refusal record, not per refusal).
 */
export class Migration20261229090000_decision_index extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'audit';
    this.addSql(
      `create index if not exists "events_org_decision_idx" on "${s}"."events" ("org_id", ("data"->>'decision_id')) where "type" = 'auth.denied'`,
    );
    // The ids of answers that must not be linkable to each other (401s, the failure-budget 429).
    this.addSql(
      `create index if not exists "events_decision_alias_idx" on "${s}"."events" using gin (("data"->'decision_aliases')) where "type" = 'auth.denied'`,
    );
  }
}
