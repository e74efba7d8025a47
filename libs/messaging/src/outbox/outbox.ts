import type { EntityManager } from '@mikro-orm/core';
import type { CloudEvent, Subjects } from '@latchkey/contracts';
import { eventTypeOf } from '@latchkey/contracts';
import { OutboxEventSchema } from './outbox-event.entity';

/**
 * Queues an event in the outbox of the unit of work `em` is part of: it is committed (or rolled
 * back) together with the change it describes. The relay publishes it later.
 */
export function enqueueEvent(em: EntityManager, subjects: Subjects, event: CloudEvent<unknown>): void {
  const type = eventTypeOf(event.type);
  if (!type) throw new Error(`unknown event type ${event.type}`);
  em.create(OutboxEventSchema, {
    id: event.id,
    subject: subjects.event(event.orgid, type),
    payload: event as unknown as Record<string, unknown>,
    createdAt: new Date(),
    publishedAt: null,
    attempts: 0,
  });
}
