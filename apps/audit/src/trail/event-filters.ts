import type { EventFilters } from '@latchkey/api-routes';

/** SQL for the filters (declared with audit's routes in @latchkey/api-routes), with `?` placeholders, always within the principal's organisation. */
export function filterSql(orgId: string, f: EventFilters): { where: string; params: unknown[] } {
  const clauses = ['"org_id" = ?'];
  const params: unknown[] = [orgId];
  const add = (clause: string, value: unknown) => {
    clauses.push(clause);
    params.push(value);
  };
  if (f.key_id) add('"key_id" = ?', f.key_id);
  if (f.actor) add('"actor_id" = ?', f.actor);
  if (f.type) add('"type" = ?', f.type);
  if (f.outcome === 'denied') clauses.push(`"outcome" like 'denied:%'`);
  else if (f.outcome) add('"outcome" = ?', f.outcome);
  if (f.since) add('"occurred_at" >= ?', new Date(f.since));
  if (f.until) add('"occurred_at" < ?', new Date(f.until));
  return { where: clauses.join(' and '), params };
}
