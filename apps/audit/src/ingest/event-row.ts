import { eventTypeOf, type CloudEvent } from '@latchkey/contracts';

/** How a CloudEvent is stored: the columns auditors filter on, lifted out of the payload. */
export function toEventRow(event: CloudEvent, receivedAt: Date) {
  const data = event.data as Record<string, unknown>;
  const actor = data['actor'] as { id?: unknown } | undefined;
  const keyId = typeof data['key_id'] === 'string' ? data['key_id'] : null;
  return {
    id: event.id,
    orgId: event.orgid,
    type: eventTypeOf(event.type) ?? event.type,
    source: event.source,
    subject: event.subject ?? null,
    keyId,
    actorId: typeof actor?.id === 'string' ? actor.id : null,
    outcome: typeof data['reason'] === 'string' ? `denied:${data['reason']}` : null,
    occurredAt: new Date(event.time),
    receivedAt,
    data,
  };
}
