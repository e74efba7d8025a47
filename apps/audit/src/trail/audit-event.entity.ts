import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { AuditEventRow } from './audit-event';

/** The entity of `audit.events` (for the ORM's schema and migrations): the columns of `AuditEventRow`. */
export const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'events',
  properties: {
    id: p.string().primary(),
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
    chainSeq: p.bigint('number'),
    prevHash: p.string(),
    hash: p.string(),
  },
});
export type AuditEvent = InferEntity<typeof AuditEventSchema>;

/** `org_id` → `orgId`: the entity's name for a column. */
type Camel<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : S;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when the entity and the row type disagree on a column. */
export const ENTITY_MATCHES_ROW: Same<keyof AuditEvent & string, Camel<keyof AuditEventRow>> = true;
