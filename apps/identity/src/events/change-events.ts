import { eventSourceOf, type EventData, type EventType } from '@latchkey/contracts';
import { buildCloudEvent } from '@latchkey/messaging';
import type { Transaction } from '@latchkey/runtime';

export const IDENTITY_EVENT_SOURCE = eventSourceOf('identity');

/**
 * Publishes an identity event in the change `tx` runs: the unit of work writes it to the outbox in
 * the same transaction (checked against its schema there) and nudges the relay after the commit.
 */
export function recordEvent<K extends EventType>(
  tx: Transaction,
  type: K,
  orgId: string,
  subject: string,
  data: EventData<K>,
): void {
  tx.publish(buildCloudEvent({ type, orgId, source: IDENTITY_EVENT_SOURCE, subject, data }));
}
