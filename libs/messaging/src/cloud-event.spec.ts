import type { EntityManager } from '@mikro-orm/core';
import { EventType, subjectsFor, type CloudEvent, type EventData } from '@latchkey/contracts';
import { buildCloudEvent, InvalidEventError } from './cloud-event';
import { enqueueEvent } from './outbox/outbox';

const ORG = 'org_01JTESTORG0000000000000000';
const revoked: EventData<typeof EventType.KeyRevoked> = {
  key_id: 'key_1',
  reason: 'compromised',
  actor: { type: 'user', id: 'usr_1' },
};

describe('events are checked against their declared schema at publish', () => {
  it('builds an event whose data matches its type, sending the data unchanged', () => {
    const event = buildCloudEvent({
      type: EventType.KeyRevoked,
      orgId: ORG,
      source: 'latchkey/identity',
      data: revoked,
    });
    expect(event.type).toBe('dev.latchkey.key.revoked');
    expect(event.data).toBe(revoked);
  });

  it('throws on data that does not match, naming the field and never its value', () => {
    const data = { ...revoked, actor: { type: 'robot', id: 'secret-ish' } } as unknown as typeof revoked;
    const build = () => buildCloudEvent({ type: EventType.KeyRevoked, orgId: ORG, source: 'x', data });
    expect(build).toThrow(InvalidEventError);
    expect(build).toThrow(/key\.revoked data does not match its schema: actor\.type/);
    expect(build).not.toThrow(/secret-ish/);
  });

  it('throws on a missing required field of the usage aggregate', () => {
    const data = { key_id: 'key_1', requests: 1 } as unknown as EventData<typeof EventType.KeyUsed>;
    expect(() => buildCloudEvent({ type: EventType.KeyUsed, orgId: ORG, source: 'x', data })).toThrow(
      InvalidEventError,
    );
  });

  it('the outbox refuses an invalid event before anything is stored', () => {
    const created: unknown[] = [];
    const em = { create: (_: unknown, row: unknown) => created.push(row) } as unknown as EntityManager;
    const good = buildCloudEvent({ type: EventType.KeyRevoked, orgId: ORG, source: 'x', data: revoked });
    const bad = { ...good, data: { key_id: 'key_1' } } as CloudEvent<unknown>;
    expect(() => enqueueEvent(em, subjectsFor('latchkey'), bad)).toThrow(InvalidEventError);
    expect(created).toEqual([]);
    enqueueEvent(em, subjectsFor('latchkey'), good);
    expect(created).toHaveLength(1);
  });
});
