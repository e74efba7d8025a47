import { z } from 'zod';
import { cursorCodec } from './cursor';
import { IdPrefix, idSchema } from './ids';

const keys = cursorCodec(idSchema(IdPrefix.ApiKey));
const seqs = cursorCodec(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));
const KEY = 'key_01JZ00000000000000000000AB';
const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('the one cursor format', () => {
  it('is base64url JSON {"after": key}, the format the data API has always handed out', () => {
    expect(keys.encode(KEY)).toBe(b64(JSON.stringify({ after: KEY })));
    expect(seqs.encode(42)).toBe(b64('{"after":42}'));
  });

  it('a cursor decodes to the key it was made from', () => {
    for (const seq of [1, 9, 10, 255, 65_536, 2 ** 31, Number.MAX_SAFE_INTEGER])
      expect(seqs.decode(seqs.encode(seq))).toBe(seq);
    expect(keys.decode(keys.encode(KEY))).toBe(KEY);
  });

  it.each([
    ['not base64url', 'not a cursor!'],
    ['base64url of no JSON', b64('{after')],
    ['JSON of no object', b64('"key_01JZ00000000000000000000AB"')],
    ['no key', b64('{}')],
    ['another kind of id', b64(JSON.stringify({ after: 'usr_01JZ00000000000000000000AB' }))],
    ['an id with a tail', b64(JSON.stringify({ after: `${KEY}' or 1=1` }))],
    ['an extra field', b64(JSON.stringify({ after: KEY, org_id: 'org_01JZ00000000000000000000AB' }))],
    ['the key under another name (the old format of the keys list)', b64(JSON.stringify({ id: KEY }))],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')],
    ['an impossible length', 'A'],
    ['longer than any cursor', 'A'.repeat(400)],
  ])('refuses %s', (_why, cursor) => {
    expect(keys.decode(cursor)).toBeUndefined();
  });

  it.each([
    ['a number as text (the old format of the audit trail)', b64('12')],
    ['zero', b64('{"after":0}')],
    ['a fraction', b64('{"after":1.5}')],
    ['beyond a safe integer', b64('{"after":9007199254740993}')],
    ['a string', b64('{"after":"12"}')],
  ])('a sequence cursor refuses %s', (_why, cursor) => {
    expect(seqs.decode(cursor)).toBeUndefined();
  });

  it('never throws, whatever bytes it is given', () => {
    // Every single byte and pairs of them, raw and as base64url: contracts imports no test library.
    const inputs: string[] = [];
    for (let a = 0; a < 256; a++) {
      inputs.push(String.fromCharCode(a), Buffer.from([a]).toString('base64url'));
      for (let b = 0; b < 256; b += 17) inputs.push(Buffer.from([0x7b, a, b, 0x7d]).toString('base64url'));
    }
    for (const cursor of inputs) {
      expect(() => keys.decode(cursor)).not.toThrow();
      expect(() => seqs.decode(cursor)).not.toThrow();
    }
  });
});
