import fc from 'fast-check';
import { isoDate, isoDateTime, text } from './input-types';

/** What PostgreSQL can store as text: UTF-8 that decodes back to the same string, without NUL. */
const storable = (s: string) => Buffer.from(s, 'utf8').toString('utf8') === s && !s.includes('\u0000');

describe('text()', () => {
  it('accepts exactly the strings PostgreSQL can store: any UTF-16, NUL and unpaired surrogates included', () => {
    const anyUtf16 = fc
      .array(
        fc.oneof(
          fc.integer({ min: 0, max: 0xffff }),
          fc.constantFrom(0, 0xd800, 0xdbff, 0xdc00, 0xdfff),
          fc.integer({ min: 0x20, max: 0x7e }),
        ),
        { maxLength: 12 },
      )
      .map((units) => String.fromCharCode(...units));
    fc.assert(
      fc.property(anyUtf16, (s) => {
        expect(text().safeParse(s).success).toBe(storable(s));
      }),
    );
  });

  it('keeps zod string constraints chainable, measured after trimming', () => {
    const name = text().trim().min(1).max(3);
    expect(name.parse('  abc ')).toBe('abc');
    expect(name.safeParse('abcd').success).toBe(false);
    expect(name.safeParse(' a\u0000').success).toBe(false);
    expect(name.safeParse('\ud83d\ude00').success).toBe(true);
  });
});

describe('isoDateTime()', () => {
  const earliest = Date.parse('0001-01-01T00:00:00.000Z');
  const latest = Date.parse('9999-12-31T23:59:59.999Z');

  it('every instant from year 1 to 9999 is accepted and round-trips through Date, at any offset', () => {
    const offsets = fc.constantFrom('Z', '+00:00', '+05:30', '-08:00', '+14:00', '-12:00');
    fc.assert(
      fc.property(
        fc.integer({ min: earliest + 86_400_000, max: latest - 86_400_000 }),
        offsets,
        (time, offset) => {
          const utc = new Date(time).toISOString();
          expect(isoDateTime().safeParse(utc).success).toBe(true);
          expect(new Date(utc).toISOString()).toBe(utc);
          // The same instant written in another offset: still accepted, still the same instant.
          const minutes =
            offset === 'Z'
              ? 0
              : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
          const local = new Date(time + minutes * 60_000).toISOString().replace('Z', offset);
          expect(isoDateTime().safeParse(local).success).toBe(true);
          expect(Date.parse(local)).toBe(time);
        },
      ),
    );
  });

  it.each([
    ['year 0', '0000-01-01T00:00:00Z'],
    ['year 0 by its offset', '0001-01-01T00:00:00+01:00'],
    ['year 10000 by its offset', '9999-12-31T23:59:59-23:59'],
    ['a day that does not exist', '2023-02-30T00:00:00Z'],
    ['a leap second', '2024-01-01T23:59:60Z'],
    ['no offset', '2024-01-01T00:00:00'],
    ['a six-digit year', '+010000-01-01T00:00:00Z'],
    ['NUL', '2024-01-01T00:00:00Z\u0000'],
  ])('refuses %s (%s)', (_why, value) => {
    expect(isoDateTime().safeParse(value).success).toBe(false);
  });

  it('accepts the first and the last instant', () => {
    expect(isoDateTime().safeParse('0001-01-01T00:00:00Z').success).toBe(true);
    expect(isoDateTime().safeParse('9999-12-31T23:59:59.999Z').success).toBe(true);
  });
});

describe('isoDate()', () => {
  it.each(['0001-01-01', '2024-02-29', '9999-12-31'])('accepts %s', (value) => {
    expect(isoDate().safeParse(value).success).toBe(true);
  });

  it.each(['0000-01-01', '0000-12-31', '2023-02-29', '10000-01-01', '2024-13-01'])('refuses %s', (value) => {
    expect(isoDate().safeParse(value).success).toBe(false);
  });
});
