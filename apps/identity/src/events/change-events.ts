import type { EntityManager } from '@mikro-orm/core';
import { eventSourceOf, type EventData, type EventType, type Subjects } from '@latchkey/contracts';
import { buildCloudEvent, enqueueEvent } from '@latchkey/messaging';

export const IDENTITY_EVENT_SOURCE = eventSourceOf('identity');

/** Queues an identity event in the outbox of `em`'s transaction (`data` checked against its schema). */
export function recordEvent<K extends EventType>(
  em: EntityManager,
  subjects: Subjects,
  type: K,
  orgId: string,
  subject: string,
  data: EventData<K>,
): void {
  enqueueEvent(em, subjects, buildCloudEvent({ type, orgId, source: IDENTITY_EVENT_SOURCE, subject, data }));
}
