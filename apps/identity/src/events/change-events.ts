import type { EntityManager } from '@mikro-orm/core';
import { eventSourceOf, type EventType, type Subjects } from '@latchkey/contracts';
import { buildCloudEvent, enqueueEvent } from '@latchkey/messaging';

export const IDENTITY_EVENT_SOURCE = eventSourceOf('identity');

/** Queues an identity event in the outbox of `em`'s transaction. */
export function recordEvent<T extends object>(
  em: EntityManager,
  subjects: Subjects,
  type: EventType,
  orgId: string,
  subject: string,
  data: T,
): void {
  enqueueEvent(em, subjects, buildCloudEvent({ type, orgId, source: IDENTITY_EVENT_SOURCE, subject, data }));
}
