import fc from 'fast-check';
import {
  BODY_LIMITS,
  checkBodyValue,
  jsonDepthExceeds,
  parseFormBody,
  parseJsonBody,
  parseTextBody,
} from './body-input';

/** Nesting of a parsed JSON value, counted the obvious (recursive) way: the reference. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object')
    return 1 + Math.max(0, ...Object.values(value as Record<string, unknown>).map(depthOf));
  return 0;
}

const refused = (text: string) => {
  const result = parseJsonBody(text);
  return result.ok ? undefined : result.detail;
};

describe('JSON request bodies', () => {
  it('the depth scan agrees with the parsed nesting, brackets inside strings and escapes included', () => {
    const tricky = fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\"', '[[{"');
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.array(tricky).map((parts) => parts.join('')),
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 12 }), (v, max) => {
        expect(jsonDepthExceeds(JSON.stringify(v), max)).toBe(depthOf(v) > max);
      }),
    );
  });

  it('any JSON document of storable text within the limits is accepted as JSON.parse reads it', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((t) => !t.includes('\u0000'));
    const key = text.filter((k) => k !== '__proto__' && k !== 'constructor');
    const json = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(json, (v) => {
        const body = JSON.stringify(v);
        expect(parseJsonBody(body)).toEqual({ ok: true, value: JSON.parse(body) });
      }),
    );
  });

  it.each([
    ['an empty body', '', 'empty'],
    ['whitespace only', '  \n', 'empty'],
    ['invalid JSON', '{"a":', 'not valid JSON'],
    ['a NUL in a string', '{"name":"a\\u0000b"}', 'NUL'],
    ['a NUL in a key', '{"\\u0000":1}', 'NUL'],
    ['an unpaired high surrogate', '{"name":"\\ud800"}', 'surrogates'],
    ['an unpaired low surrogate', '["\\udfff"]', 'surrogates'],
    ['a reversed pair', '"\\udc00\\ud800"', 'surrogates'],
    ['a number past the float range', '{"n":1e400}', 'out of range'],
    ['a negative one past it', '[-1e400]', 'out of range'],
    ['__proto__', '{"__proto__":{"polluted":true}}', '__proto__'],
    ['__proto__ deeper', '{"a":[{"__proto__":null}]}', '__proto__'],
    ['constructor.prototype', '{"constructor":{"prototype":{"x":1}}}', 'constructor.prototype'],
    ['65 levels of arrays', '['.repeat(65) + ']'.repeat(65), 'deeper than 64'],
    ['a million levels, unbalanced', '['.repeat(1_000_000), 'deeper than 64'],
    ['65 levels of objects', '{"a":'.repeat(65) + '1' + '}'.repeat(65), 'deeper than 64'],
  ])('refuses %s', (_what, text, why) => {
    expect(refused(text)).toContain(why);
  });

  it('accepts what is at the limits, and an escaped pair that makes one character', () => {
    expect(parseJsonBody('['.repeat(64) + ']'.repeat(64)).ok).toBe(true);
    expect(parseJsonBody('{"emoji":"\\ud83d\\ude00","brackets":"[[[[{{{{"}').ok).toBe(true);
    const members = Object.fromEntries(
      Array.from({ length: BODY_LIMITS.maxMembers }, (_, i) => [`k${i}`, i]),
    );
    expect(parseJsonBody(JSON.stringify(members)).ok).toBe(true);
    expect(parseJsonBody(JSON.stringify({ ...members, one: 'more' }))).toEqual({
      ok: false,
      detail: `body: more than ${BODY_LIMITS.maxMembers} object members`,
    });
    // A key named constructor is fine unless it carries a prototype.
    expect(parseJsonBody('{"constructor":"x","prototype":1}').ok).toBe(true);
  });

  it('checks members across the whole document, not per object', () => {
    const spread = Array.from({ length: 11 }, () =>
      Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 0])),
    );
    expect(checkBodyValue(spread).ok).toBe(false);
  });
});

describe('form and text request bodies', () => {
  it('a form is parsed into a plain record, and refused when a value or key holds NUL', () => {
    expect(parseFormBody('name=a%20b&tag=1&tag=2')).toEqual({
      ok: true,
      value: expect.objectContaining({ name: 'a b', tag: ['1', '2'] }),
    });
    expect(parseFormBody('name=a%00b').ok).toBe(false);
    expect(parseFormBody('%00=1').ok).toBe(false);
    expect(parseFormBody('__proto__=1').ok).toBe(false);
  });

  it('a form with more members than the limit is refused, not silently cut', () => {
    const form = Array.from({ length: BODY_LIMITS.maxMembers + 1 }, (_, i) => `k${i}=1`).join('&');
    expect(parseFormBody(form).ok).toBe(false);
  });

  it('text is kept as it came unless it holds NUL', () => {
    expect(parseTextBody('plain text\n')).toEqual({ ok: true, value: 'plain text\n' });
    expect(parseTextBody('a\u0000b').ok).toBe(false);
  });
});
