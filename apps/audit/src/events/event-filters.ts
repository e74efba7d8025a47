import { z } from 'zod';
import { EVENT_TYPES } from '@latchkey/contracts';
import { isoDateTime, text } from '@latchkey/runtime';

/** The filters every read of the trail accepts (query, export, live tail). */
export const eventFilterFields = {
  key_id: text().max(64).optional(),
  actor: text().max(64).optional(),
  type: z.enum(EVENT_TYPES as [string, ...string[]]).optional(),
  /** `denied` (any denial) or `denied:<reason>`. */
  outcome: text()
    .regex(/^denied(:[a-z_]+)?$/, 'denied or denied:<reason>')
    .optional(),
  since: isoDateTime().optional(),
  until: isoDateTime().optional(),
};
export type EventFilters = z.infer<z.ZodObject<typeof eventFilterFields>>;

/** SQL for the filters, with `?` placeholders, always within the principal's organisation. */
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
