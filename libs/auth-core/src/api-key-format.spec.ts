import fc from 'fast-check';
import { BASE62_ALPHABET } from './base62';
import {
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
});
