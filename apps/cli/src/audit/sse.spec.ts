import { SseParser } from './sse';
import { RecordCounter } from './export.command';
import { eventLine } from './tail.command';

describe('the live tail and export readers', () => {
  it('parses events split anywhere, skipping comments and keeping the last id', () => {
    const stream =
      'retry: 2000\nid: 41\n: tailing after 41\n\n' +
      'id: 42\nevent: key.created\ndata: {"seq":42}\n\n' +
      ': heartbeat\n\n' +
      'id: 43\r\nevent: key.revoked\r\ndata: {"seq":\r\ndata: 43}\r\n\r\n';
    for (const size of [1, 3, 7, stream.length]) {
      const parser = new SseParser();
      const events = [];
      for (let at = 0; at < stream.length; at += size)
        events.push(...parser.push(stream.slice(at, at + size)));
      expect(events).toEqual([
        { id: '42', event: 'key.created', data: '{"seq":42}' },
        { id: '43', event: 'key.revoked', data: '{"seq":\n43}' },
      ]);
      expect(parser.lastEventId).toBe('43');
    }
  });

  it('a position line alone moves the resume point without an event', () => {
    const parser = new SseParser();
    expect(parser.push('id: 7\n: tailing after 7\n\n')).toEqual([]);
    expect(parser.lastEventId).toBe('7');
  });

  it('counts NDJSON lines, and CSV rows without the header or newlines inside quotes', () => {
    const ndjson = new RecordCounter('ndjson');
    expect(ndjson.push('{"a":1}\n{"a"')).toBe(1);
    expect(ndjson.push(':2}\n')).toBe(1);
    expect(ndjson.records).toBe(2);
    const csv = new RecordCounter('csv');
    expect(csv.push('id,type,data\n')).toBe(0);
    expect(csv.push('e1,key.created,"{""note"":""two\nlines""}"\ne2,')).toBe(1);
    expect(csv.push('key.revoked,{}\n')).toBe(1);
    expect(csv.records).toBe(2);
  });

  it('prints an event as one line: when, type, outcome, key, actor, subject', () => {
    expect(
      eventLine({
        id: 'evt_1',
        seq: 1,
        type: 'key.revoked',
        source: 'identity',
        subject: 'key_1',
        key_id: 'key_1',
        actor_id: 'usr_1',
        outcome: 'success',
        occurred_at: '2026-12-04T16:00:00.000Z',
        received_at: '2026-12-04T16:00:00.100Z',
        chain_seq: 1,
        hash: 'h',
        data: {},
      }),
    ).toBe('2026-12-04T16:00:00.000Z  key.revoked  success  key=key_1  actor=usr_1  subject=key_1');
  });
});
