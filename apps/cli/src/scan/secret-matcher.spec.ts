import fc from 'fast-check';
import { BASE62_ALPHABET, checksumOf, generateSecret } from '@latchkey/auth-core';
import { findSecrets, redact } from './secret-matcher';

const base62 = fc.constantFrom(...BASE62_ALPHABET.split(''));
/** A valid secret built from generated random characters (not only the generator's own output). */
const validSecret = fc
  .tuple(fc.constantFrom('live', 'test'), fc.array(base62, { minLength: 40, maxLength: 40 }))
  .map(([env, chars]) => {
    const body = `lk_${env}_${chars.join('')}`;
    return body + checksumOf(body);
  });
/** Text around a secret that cannot itself hold one. */
const filler = fc.string({ maxLength: 60 }).map((s) => s.replace(/lk_/g, 'lk-'));

describe('scan: the secret matcher', () => {
  it('finds every valid secret, wherever it is in a text, with its line', () => {
    fc.assert(
      fc.property(filler, validSecret, filler, (before, secret, after) => {
        const text = `${before}${secret}${after}`;
        const found = findSecrets(text);
        expect(found.map((m) => m.secret)).toEqual([secret]);
        expect(found[0]?.line).toBe(before.split('\n').length);
      }),
    );
  });

  it('rejects every single-character corruption of a valid secret (the checksum catches it)', () => {
    fc.assert(
      fc.property(
        validSecret,
        fc.nat(),
        fc.constantFrom(...BASE62_ALPHABET.split(''), '_', '-', '.'),
        (secret, position, replacement) => {
          const at = position % secret.length;
          fc.pre(secret[at] !== replacement);
          const corrupted = secret.slice(0, at) + replacement + secret.slice(at + 1);
          expect(findSecrets(` ${corrupted} `)).toEqual([]);
        },
      ),
    );
  });

  it('finds several secrets, in order, with their lines and columns', () => {
    const a = generateSecret('live');
    const b = generateSecret('test');
    const text = `API_KEY=${a}\n\n  other: "${b}" and ${a}`;
    expect(findSecrets(text)).toEqual([
      { secret: a, line: 1, column: 9 },
      { secret: b, line: 3, column: 11 },
      { secret: a, line: 3, column: 11 + b.length + 6 },
    ]);
  });

  it('shows only the prefix of a found secret', () => {
    const secret = generateSecret('live');
    expect(redact(secret)).toBe(`${secret.slice(0, 12)}…`);
    expect(redact(secret)).not.toContain(secret.slice(12));
  });
});
