import { eventTypeOf, type CloudEvent } from '@latchkey/contracts';

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
  const data = event.data as Record<string, unknown>;
  const actor = data['actor'] as { id?: unknown } | undefined;
  return {
    id: event.id,
    org_id: event.orgid,
    type: eventTypeOf(event.type) ?? event.type,
    source: event.source,
    subject: event.subject ?? null,
    key_id: typeof data['key_id'] === 'string' ? data['key_id'] : null,
    actor_id: typeof actor?.id === 'string' ? actor.id : null,
    outcome:
      typeof data['reason'] === 'string' && eventTypeOf(event.type) === 'auth.denied'
        ? `denied:${data['reason']}`
        : null,
    occurred_at: new Date(event.time).toISOString(),
    data,
  };
}
