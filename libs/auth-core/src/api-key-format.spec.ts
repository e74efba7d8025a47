import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { BASE62_ALPHABET, encodeBase62 } from './base62';
import {
  checkSecret,
  generatePublicId,
  generateSecret,
  isPublicId,
  parseSecret,
  PREFIX_LENGTH,
  SECRET_LENGTH,
} from './api-key-format';

const environment = fc.constantFrom('live' as const, 'test' as const);

describe('API key format', () => {
  it('every generated secret parses, with its environment and prefix', () => {
    fc.assert(
      fc.property(environment, (env) => {
        const secret = generateSecret(env);
        expect(secret).toHaveLength(SECRET_LENGTH);
        expect(secret.startsWith(`lk_${env}_`)).toBe(true);
        expect(parseSecret(secret)).toEqual({
          ok: true,
          environment: env,
          prefix: secret.slice(0, PREFIX_LENGTH),
        });
      }),
      { numRuns: 500 },
    );
  });

  it('any single-character change to a secret fails the check', () => {
    fc.assert(
      fc.property(
        environment,
        fc.nat(),
        fc.constantFrom(...BASE62_ALPHABET.split('')),
        (env, position, replacement) => {
          const secret = generateSecret(env);
          // Change one character of the random body or the checksum (the prefix is fixed text).
          const index = 'lk_live_'.length + (position % (SECRET_LENGTH - 'lk_live_'.length));
          fc.pre(secret[index] !== replacement);
          const tampered = secret.slice(0, index) + replacement + secret.slice(index + 1);
          expect(parseSecret(tampered)).toEqual({ ok: false, reason: 'bad_checksum' });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a changed prefix or length is malformed, not a checksum error', () => {
    const secret = generateSecret('live');
    expect(parseSecret(secret.replace('lk_live_', 'lk_prod_'))).toEqual({ ok: false, reason: 'malformed' });
    expect(parseSecret(secret.slice(0, -1))).toEqual({ ok: false, reason: 'malformed' });
    expect(parseSecret(`${secret}x`)).toEqual({ ok: false, reason: 'malformed' });
    expect(parseSecret('')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('arbitrary strings never parse as a secret', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(parseSecret(text).ok).toBe(false);
      }),
    );
  });

  it('public ids have their own recognisable format', () => {
    const id = generatePublicId();
    expect(isPublicId(id)).toBe(true);
    expect(isPublicId(generateSecret('live'))).toBe(false);
    expect(new Set(Array.from({ length: 200 }, generatePublicId)).size).toBe(200);
  });

  it('checkSecret gives the same verdict as the zlib CRC-32 and base62 encoding, for any 46 base62 characters', () => {
    fc.assert(
      fc.property(
        environment,
        fc.string({ unit: fc.constantFrom(...BASE62_ALPHABET.split('')), minLength: 46, maxLength: 46 }),
        (env, rest) => {
          const candidate = `lk_${env}_${rest}`;
          const body = candidate.slice(0, -6);
          const expected = encodeBase62(crc32(body) >>> 0, 6) === candidate.slice(-6) ? 'ok' : 'bad_checksum';
          expect(checkSecret(candidate)).toBe(expected);
          // A real checksum on the same body always passes.
          expect(checkSecret(body + encodeBase62(crc32(body) >>> 0, 6))).toBe('ok');
        },
      ),
    );
  });

  it('checkSecret refuses the shapes parseSecret refuses, with the same reason', () => {
    const secret = generateSecret('live');
    for (const candidate of [
      '',
      secret.slice(1),
      `${secret}x`,
      secret.replace('lk_live_', 'lk_prod_'),
      `${secret.slice(0, -1)}!`,
    ]) {
      const parsed = parseSecret(candidate);
      expect(parsed.ok).toBe(false);
      expect(checkSecret(candidate)).toBe(parsed.ok ? 'ok' : parsed.reason);
    }
    expect(checkSecret(secret)).toBe('ok');
  });

  it('checkSecret agrees with the pattern-and-zlib reference on arbitrary 46-character tails', () => {
    const reference = (candidate: string) => {
      if (!/^lk_(live|test)_[0-9A-Za-z]{46}$/.test(candidate)) return 'malformed';
      const body = candidate.slice(0, -6);
      return encodeBase62(crc32(body) >>> 0, 6) === candidate.slice(-6) ? 'ok' : 'bad_checksum';
    };
    fc.assert(
      fc.property(environment, fc.string({ minLength: 46, maxLength: 46 }), (env, rest) => {
        const candidate = `lk_${env}_${rest}`;
        expect(checkSecret(candidate)).toBe(reference(candidate));
      }),
    );
  });
});
