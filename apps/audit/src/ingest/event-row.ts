import { EventType, eventTypeOf, type CloudEvent } from '@latchkey/contracts';
import { boundStoredPaths } from './stored-paths';

/** How a CloudEvent is stored: the columns auditors filter on, lifted out of the payload. */
export interface NewEventRow {
  id: string;
  org_id: string;
  type: string;
  source: string;
  subject: string | null;
  key_id: string | null;
  actor_id: string | null;
  outcome: string | null;
  occurred_at: string;
  data: Record<string, unknown>;
}

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
