import type { EntityManager } from '@mikro-orm/core';
import { EventType, subjectsFor, type CloudEvent, type EventData } from '@latchkey/contracts';
import { buildCloudEvent, InvalidEventError, parseCloudEvent } from './cloud-event';
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

describe('consumers parse the envelope with its one schema', () => {
  const good = () =>
    buildCloudEvent({
      type: EventType.KeyRevoked,
      orgId: ORG,
      source: 'latchkey/identity',
      subject: 'key_1',
      data: revoked,
    });

  it('an envelope as producers build it is accepted, exactly as received', () => {
    const event = good();
    const parsed = parseCloudEvent(JSON.stringify(event));
    expect(parsed).toEqual({ ok: true, event });
  });

  it.each([
    ['not JSON', () => '{', 'not JSON'],
    ['an array', () => '[]', 'envelope invalid'],
    ['another specversion', () => ({ ...good(), specversion: '0.3' }), 'specversion invalid'],
    ['no id', () => ({ ...good(), id: undefined }), 'id invalid'],
    ['an empty organisation', () => ({ ...good(), orgid: '' }), 'orgid invalid'],
    ['a subject that is no string', () => ({ ...good(), subject: 42 }), 'subject invalid'],
    ['a time that is no timestamp', () => ({ ...good(), time: 'Jan 1 2026' }), 'time invalid'],
    ['another content type', () => ({ ...good(), datacontenttype: 'text/plain' }), 'datacontenttype invalid'],
    ['data that is a list', () => ({ ...good(), data: [1] }), 'data invalid'],
  ])('an envelope with %s is refused, naming the field', (_why, make, reason) => {
    const value = make();
    const raw = typeof value === 'string' ? value : new TextEncoder().encode(JSON.stringify(value));
    expect(parseCloudEvent(raw)).toEqual({ ok: false, reason });
  });
});
