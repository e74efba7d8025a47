import {
  IdPrefix,
  CloudEventEnvelopeSchema,
  cloudEventType,
  eventDataProblem,
  type CloudEvent,
  type EventData,
  type EventType,
} from '@latchkey/contracts';
import { newId } from '@latchkey/auth-core';

export interface NewEvent<K extends EventType> {
  type: K;
  orgId: string;
  /** The service that emits it, e.g. `latchkey/identity`. */
  source: string;
  /** What the event is about, e.g. a key id. */
  subject?: string;
  data: EventData<K>;
  id?: string;
  time?: Date;
}

/** An event whose `data` does not match its type's declared schema: a bug in its producer. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

/**
 * Builds the one envelope every Latchkey event travels in (CloudEvents 1.0, structured JSON).
 * Every producer builds its events here, so `data` is checked against its type's declared schema
 * before anything is stored or sent: a mismatch is a programming error and throws (the outbox
 * transaction rolls back; the gateway's flush fails) rather than putting an undocumented shape on
 * the wire. The check costs microseconds per event; the gateway builds them once per flush.
 */
export function buildCloudEvent<K extends EventType>(event: NewEvent<K>): CloudEvent<EventData<K>> {
  const problem = eventDataProblem(event.type, event.data);
  if (problem !== undefined)
    throw new InvalidEventError(`${event.type} data does not match its schema: ${problem}`);
  return {
    specversion: '1.0',
    id: event.id ?? newId(IdPrefix.Event),
    source: event.source,
    type: cloudEventType(event.type),
    ...(event.subject === undefined ? {} : { subject: event.subject }),
    time: (event.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    orgid: event.orgId,
    data: event.data,
  };
}

const decoder = new TextDecoder();

export type EnvelopeParse = { ok: true; event: CloudEvent } | { ok: false; reason: string };

/**
 * Validates an envelope received from the bus against its one declaration (contracts'
 * `CloudEventEnvelopeSchema`, the schema producers build it to); never trusts its shape. The
 * reason names the first field that breaks it, never its value. The event is returned as received
 * (fields a later version adds are kept for whoever stores it).
 */
export function parseCloudEvent(raw: Uint8Array | string): EnvelopeParse {
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : decoder.decode(raw));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = CloudEventEnvelopeSchema.safeParse(value);
  if (parsed.success) return { ok: true, event: value as CloudEvent };
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'envelope';
  return { ok: false, reason: `${field} invalid` };
}
