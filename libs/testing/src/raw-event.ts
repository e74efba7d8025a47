import { randomUUID } from 'node:crypto';
import { cloudEventType, type CloudEvent, type EventType } from '@latchkey/contracts';

/**
 * An envelope around any `data`, without the schema check of `buildCloudEvent`: what a consumer
 * may find on the bus (a rogue or older producer, a poison message). Producers never use it.
 */
export function rawCloudEvent<T>(event: {
  type: EventType;
  orgId: string;
  source: string;
  subject?: string;
  data: T;
}): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: `evt_${randomUUID()}`,
    source: event.source,
    type: cloudEventType(event.type),
    ...(event.subject === undefined ? {} : { subject: event.subject }),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    orgid: event.orgId,
    data: event.data,
  };
}
