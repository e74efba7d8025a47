import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { AuditEventRow } from './audit-event';

/** The entity of `audit.events` (for the ORM's schema and migrations): the columns of `AuditEventRow`. */
export const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'events',
  // The migrations' indexes: pages of one organisation's trail, newest first, whole or filtered by
  // type, key, actor or outcome (the last three partial: most events have none of them), and the
  // one link per position of an organisation's hash chain.
  indexes: [
    { name: 'events_org_seq_idx', columns: [{ name: 'orgId' }, { name: 'seq', sort: 'desc' }] },
    {
      name: 'events_org_type_idx',
      columns: [{ name: 'orgId' }, { name: 'type' }, { name: 'seq', sort: 'desc' }],
    },
    {
      name: 'events_org_key_idx',
      columns: [{ name: 'orgId' }, { name: 'keyId' }, { name: 'seq', sort: 'desc' }],
      where: '"key_id" is not null',
    },
    {
      name: 'events_org_actor_idx',
      columns: [{ name: 'orgId' }, { name: 'actorId' }, { name: 'seq', sort: 'desc' }],
      where: '"actor_id" is not null',
    },
    {
      name: 'events_org_outcome_idx',
      columns: [{ name: 'orgId' }, { name: 'outcome' }, { name: 'seq', sort: 'desc' }],
      where: '"outcome" is not null',
    },
    {
      // A decision's refusal record by its id (ADR 0023): an expression over `auth.denied` only.
      name: 'events_org_decision_idx',
      expression:
        'create index "events_org_decision_idx" on "events" ("org_id", ("data"->>\'decision_id\')) where "type" = \'auth.denied\'',
    },
    {
      name: 'events_decision_alias_idx',
      expression:
        'create index "events_decision_alias_idx" on "events" using gin (("data"->\'decision_aliases\')) where "type" = \'auth.denied\'',
    },
  ],
  uniques: [{ name: 'events_org_chain_idx', properties: ['orgId', 'chainSeq'] }],
  properties: {
    /** The CloudEvent id: the primary key, so a redelivered event is never stored twice. */
    id: p.string().length(64).primary(),
    /** `generated always as identity`: the database numbers every event, no writer can choose. */
    seq: p.bigint('number').autoincrement().generated('identity'),
    orgId: p.string().length(40),
    type: p.string().length(64),
    source: p.string().length(200),
    subject: p.string().length(200).nullable(),
    keyId: p.string().length(40).nullable(),
    actorId: p.string().length(64).nullable(),
    outcome: p.string().length(64).nullable(),
    occurredAt: p.datetime(),
    receivedAt: p.datetime().defaultRaw('now()'),
    data: p.json<Record<string, unknown>>(),
    chainSeq: p.bigint('number'),
    /** SHA-256 in hex: always 64 characters. */
    prevHash: p.string().columnType('char(64)'),
    hash: p.string().columnType('char(64)'),
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
