import { EVENT_PRODUCERS, EventType, PRODUCERS, eventSourceOf, type CloudEvent } from '@latchkey/contracts';
import { rawCloudEvent } from '@latchkey/testing';
import { producerRefusal } from './event-producer';

const PREFIX = 'lk';
const ORG = 'org_01JTESTORG0000000000000000';

function event(type: EventType, source: string): CloudEvent {
  return rawCloudEvent({ type, orgId: ORG, source, data: {} }) as CloudEvent;
}

describe('producerRefusal', () => {
  const types = Object.keys(EVENT_PRODUCERS) as EventType[];

  it.each(types)('%s from its producer, on its own subject, is accepted', (type) => {
    expect(
      producerRefusal(event(type, eventSourceOf(EVENT_PRODUCERS[type])), `${PREFIX}.${ORG}.${type}`, PREFIX),
    ).toBe(undefined);
  });

  it.each(
    types.flatMap((type) =>
      PRODUCERS.filter((p) => p !== EVENT_PRODUCERS[type]).map((p) => [type, p] as const),
    ),
  )('%s claimed by %s is refused as wrong_producer', (type, producer) => {
    const reason = producerRefusal(event(type, eventSourceOf(producer)), `${PREFIX}.${ORG}.${type}`, PREFIX);
    expect(reason?.split(' ')[0]).toBe('wrong_producer');
  });

  it('an envelope whose type differs from its subject’s is refused as subject_mismatch', () => {
    const reason = producerRefusal(
      event(EventType.KeyRevoked, eventSourceOf('identity')),
      `${PREFIX}.${ORG}.${EventType.KeyUsed}`,
      PREFIX,
    );
    expect(reason?.split(' ')[0]).toBe('subject_mismatch');
  });

  it('an envelope of another organisation than its subject’s is refused as subject_mismatch', () => {
    const reason = producerRefusal(
      event(EventType.KeyUsed, eventSourceOf('gateway')),
      `${PREFIX}.org_other.${EventType.KeyUsed}`,
      PREFIX,
    );
    expect(reason?.split(' ')[0]).toBe('subject_mismatch');
  });
});
