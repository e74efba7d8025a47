import fc from 'fast-check';
import { normalisePath, normalisePathFully } from './request-path';

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/** Path pieces chosen to hit every rule: escapes (valid, lower-case, encoded slash, bad), dots, slashes. */
const piece = fc.constantFrom(
  '/',
  '//',
  '.',
  '..',
  '/./',
  '/../',
  'a',
  'B',
  'v1',
  'prj_1',
  '~',
  '-',
  '%',
  '%2',
  '%2E',
  '%2e',
  '%2F',
  '%2f',
  '%32',
  '%41',
  '%7E',
  '%7e',
  '%20',
  '%25',
  '%zz',
  'E',
  'F',
  '2',
  'é',
  '?',
  '?x=/../y',
);
const rawPath = fc.array(piece, { maxLength: 14 }).map((pieces) => `/${pieces.join('')}`);

describe('normalisePath', () => {
  it('decodes percent-escapes of unreserved characters', () => {
    expect(normalisePath('/v1/%70rojects')).toBe('/v1/projects');
    expect(normalisePath('/v1/%7Euser/%2D%2e%5F')).toBe('/v1/~user/-._');
  });

  it('keeps an encoded slash encoded (upper-cased), so it never splits a segment', () => {
    expect(normalisePath('/v1/a%2fb')).toBe('/v1/a%2Fb');
    expect(normalisePath('/v1/a%2Fb/c')).toBe('/v1/a%2Fb/c');
  });

  it('keeps other reserved escapes encoded, in upper case', () => {
    expect(normalisePath('/v1/a%3fb%20c')).toBe('/v1/a%3Fb%20c');
  });

  it('removes dot segments, including encoded ones, and never climbs above the root', () => {
    expect(normalisePath('/v1/./projects')).toBe('/v1/projects');
    expect(normalisePath('/v1/leads/../projects')).toBe('/v1/projects');
    expect(normalisePath('/v1/leads/%2e%2E/projects')).toBe('/v1/projects');
    expect(normalisePath('/../../v1/projects')).toBe('/v1/projects');
    expect(normalisePath('/v1/projects/..')).toBe('/v1');
  });

  it('collapses duplicate slashes and drops a trailing slash', () => {
    expect(normalisePath('/v1//projects/')).toBe('/v1/projects');
    expect(normalisePath('//v1///projects//')).toBe('/v1/projects');
    expect(normalisePath('/')).toBe('/');
    expect(normalisePath('///')).toBe('/');
  });

  it('keeps case: paths and ids are case-sensitive', () => {
    expect(normalisePath('/V1/Projects/PRJ_aBc')).toBe('/V1/Projects/PRJ_aBc');
  });

  it('ignores the query string', () => {
    expect(normalisePath('/v1/projects?cursor=/../x&api=1')).toBe('/v1/projects');
  });

  it('refuses a path that is not absolute', () => {
    expect(normalisePath('')).toBeUndefined();
    expect(normalisePath('v1/projects')).toBeUndefined();
    expect(normalisePath('http://evil/v1')).toBeUndefined();
  });

  it('refuses a % that does not start a two-hex-digit escape', () => {
    expect(normalisePath('/v1/a%zz')).toBeUndefined();
    expect(normalisePath('/v1/a%2')).toBeUndefined();
    expect(normalisePath('/v1/a%')).toBeUndefined();
  });

  it('refuses a stray % even when a decoded escape right after it would complete a new escape', () => {
    // `%%32E` holds a stray `%`; decoding `%32` (= "2") must not turn it into the escape `%2E`.
    expect(normalisePath('/v1/%%32E')).toBeUndefined();
    expect(normalisePath('/v1/whc_1/%%32E%%32E/whc_2')).toBeUndefined();
  });

  it('percent-encoding any unreserved character does not change the result', () => {
    const segment = fc.string({ unit: fc.constantFrom(...UNRESERVED.split('')), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 48, maxLength: 48 }),
        (segments, encodeAt) => {
          const plain = `/${segments.join('/')}`;
          let i = 0;
          const encoded = plain.replace(/[^/]/g, (c) =>
            encodeAt[i++ % encodeAt.length] ? `%${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c,
          );
          expect(normalisePath(encoded)).toBe(normalisePath(plain));
        },
      ),
    );
  });

  it('is idempotent: normalising a normalised path changes nothing', () => {
    fc.assert(
      fc.property(rawPath, (raw) => {
        const once = normalisePath(raw);
        if (once === undefined) return;
        expect(normalisePath(once)).toBe(once);
      }),
      // A known counterexample, so the property fails deterministically while it is wrong.
      { numRuns: 2000, examples: [['/v1/%%32E%%32E/x']] },
    );
  });

  it('always yields an absolute path without empty, "." or ".." segments', () => {
    fc.assert(
      fc.property(rawPath, (raw) => {
        const result = normalisePath(raw);
        if (result === undefined) return;
        expect(result.startsWith('/')).toBe(true);
        expect(result).not.toContain('//');
        expect(result).not.toContain('?');
        if (result === '/') return;
        const segments = result.slice(1).split('/');
        for (const segment of segments) {
          expect(segment).not.toBe('');
          expect(segment).not.toBe('.');
          expect(segment).not.toBe('..');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normalisePath on overlong and mixed-case paths', () => {
  const longPath = fc
    .array(piece, { minLength: 200, maxLength: 3000 })
    .map((pieces) => `/${pieces.join('')}`);

  it('handles paths of thousands of pieces: never longer than the input, idempotent, no dot segments', () => {
    fc.assert(
      fc.property(longPath, (raw) => {
        const result = normalisePath(raw);
        if (result === undefined) return;
        expect(result.length).toBeLessThanOrEqual(raw.length);
        expect(normalisePath(result)).toBe(result);
        expect(`${result}/`).not.toMatch(/\/\.{1,2}\//);
      }),
      { numRuns: 200 },
    );
  });

  it('encoded traversal in any letter case climbs no higher than a plain one', () => {
    const dotEscape = fc.constantFrom('.', '%2e', '%2E');
    const traversal = fc.tuple(dotEscape, dotEscape).map(([a, b]) => `${a}${b}`);
    fc.assert(
      fc.property(fc.array(traversal, { minLength: 1, maxLength: 50 }), (ups) => {
        const raw = `/v1/webhooks/whc_1/${ups.join('/')}/whc_2/events`;
        expect(normalisePath(raw)).toBe(
          normalisePath(`/v1/webhooks/whc_1/${ups.map(() => '..').join('/')}/whc_2/events`),
        );
      }),
    );
  });
});

describe('normalisePath shortcut', () => {
  it('the shortcut for already-normal paths answers exactly what the full normalisation answers', () => {
    fc.assert(
      fc.property(rawPath, (raw) => {
        expect(normalisePath(raw)).toBe(normalisePathFully(raw));
      }),
      { numRuns: 2000 },
    );
    for (const raw of [
      '/v1/projects',
      '/v1/projects/prj_1',
      '/.well-known/jwks.json',
      '/a.b/c.',
      '/v1/x#y',
      '/',
    ])
      expect(normalisePath(raw)).toBe(normalisePathFully(raw));
  });
});
