import { cloudEventType, type CloudEvent, type EventType } from '@latchkey/contracts';
import { newId } from '@latchkey/auth-core';

export interface NewEvent<T> {
  type: EventType;
  orgId: string;
  /** The service that emits it, e.g. `latchkey/identity`. */
  source: string;
  /** What the event is about, e.g. a key id. */
  subject?: string;
  data: T;
  id?: string;
  time?: Date;
}

/** Builds the one envelope every Latchkey event travels in (CloudEvents 1.0, structured JSON). */
export function buildCloudEvent<T>(event: NewEvent<T>): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: event.id ?? newId('evt'),
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

/** Validates an envelope received from the bus; never trusts its shape. */
export function parseCloudEvent(raw: Uint8Array | string): EnvelopeParse {
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : decoder.decode(raw));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'not an object' };
  const e = value as Record<string, unknown>;
  if (e['specversion'] !== '1.0') return { ok: false, reason: 'specversion must be 1.0' };
  for (const field of ['id', 'source', 'type', 'time', 'orgid'] as const) {
    if (typeof e[field] !== 'string' || (e[field] as string).length === 0) {
      return { ok: false, reason: `${field} missing` };
    }
  }
  if (Number.isNaN(Date.parse(e['time'] as string))) return { ok: false, reason: 'time invalid' };
  if (typeof e['data'] !== 'object' || e['data'] === null) return { ok: false, reason: 'data missing' };
  return { ok: true, event: value as CloudEvent };
}
