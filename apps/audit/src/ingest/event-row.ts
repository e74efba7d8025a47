import { EventType, eventTypeOf, type CloudEvent } from '@latchkey/contracts';
import type { ChainedFields } from '../chain';
import type { AuditEventRow } from '../trail';
import { boundStoredPaths } from './stored-paths';

/**
 * How a CloudEvent is stored: the columns auditors filter on, lifted out of the payload — the
 * chained fields of the row (trail's `AuditEventRow`) before its position in the chain is known.
 */
export type NewEventRow = Omit<ChainedFields, 'chain_seq' | 'data'> & Pick<AuditEventRow, 'data'>;

export function toEventRow(event: CloudEvent): NewEventRow {
  const type = eventTypeOf(event.type) ?? event.type;
  const data = boundStoredPaths(type, event.data as Record<string, unknown>);
  const actor = data['actor'] as { id?: unknown } | undefined;
  return {
    id: event.id,
    org_id: event.orgid,
    type,
    source: event.source,
    subject: event.subject ?? null,
    key_id: typeof data['key_id'] === 'string' ? data['key_id'] : null,
    actor_id: typeof actor?.id === 'string' ? actor.id : null,
    // An `auth.denied` record may count many refusals (`data.count`); all share this outcome.
    outcome:
      typeof data['reason'] === 'string' && type === EventType.AuthDenied ? `denied:${data['reason']}` : null,
    occurred_at: new Date(event.time).toISOString(),
    data,
  };
}
