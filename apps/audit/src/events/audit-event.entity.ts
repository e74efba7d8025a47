import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'events',
  properties: {
    /** The CloudEvent id: UNIQUE, so a redelivered event is never stored twice. */
    id: p.string().primary(),
    /** Arrival order, for stable newest-first pages. */
    seq: p.bigint('number').autoincrement(),
    orgId: p.string(),
    type: p.string(),
    source: p.string(),
    subject: p.string().nullable(),
    keyId: p.string().nullable(),
    actorId: p.string().nullable(),
    outcome: p.string().nullable(),
    occurredAt: p.datetime(),
    receivedAt: p.datetime(),
    data: p.json<Record<string, unknown>>(),
    /** Position in the organisation's hash chain, the previous link's hash and this event's. */
    chainSeq: p.bigint('number'),
    prevHash: p.string(),
    hash: p.string(),
  },
});
export type AuditEvent = InferEntity<typeof AuditEventSchema>;
