import type { EntityManager } from '@mikro-orm/core';
import type { CloudEvent, Subjects } from '@latchkey/contracts';
import { eventDataProblem, eventTypeOf } from '@latchkey/contracts';
import { InvalidEventError } from '../cloud-event';
import { OutboxEventSchema } from './outbox-event.entity';

/**
 * Queues an event in the outbox of the unit of work `em` is part of: it is committed (or rolled
 * back) together with the change it describes. The relay publishes it later.
 */
export function enqueueEvent(em: EntityManager, subjects: Subjects, event: CloudEvent<unknown>): void {
  const type = eventTypeOf(event.type);
  if (!type) throw new Error(`unknown event type ${event.type}`);
  // Checked again here, not only in buildCloudEvent: nothing undeclared is ever committed.
  const problem = eventDataProblem(type, event.data);
  if (problem !== undefined)
    throw new InvalidEventError(`${type} data does not match its schema: ${problem}`);
  em.create(OutboxEventSchema, {
    id: event.id,
    subject: subjects.event(event.orgid, type),
    payload: event as unknown as Record<string, unknown>,
    createdAt: new Date(),
    publishedAt: null,
    attempts: 0,
  });
}
