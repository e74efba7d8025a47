import fc from 'fast-check';
import { pepperOf, type Pepper } from '@latchkey/auth-core';
import { rehashOf, secretEnded, type FoundSecret, type PresentedHash } from './presented-secret';

const fresh = pepperOf('2026-12', 'n'.repeat(48));
const old = pepperOf('legacy', 'o'.repeat(48));
const now = new Date('2026-12-04T12:00:00Z');
const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
const pepperArb: fc.Arbitrary<Pepper> = fc
  .tuple(fc.constantFrom('legacy', '2026-11', '2026-12'), fc.string({ minLength: 32, maxLength: 48 }))
  .map(([id, secret]) => pepperOf(id, secret));
const peppersArb = fc.array(pepperArb, { maxLength: 3 });
const hashesArb = (peppers: Pepper[]) =>
  fc.array(
    fc.record({
      pepper: fc.option(fc.constantFrom(...peppers.map((p) => p.tag), 'unknown-tag'), { nil: undefined }),
      hash: hex,
    }),
    { maxLength: 4 },
  );
const validUntilArb = fc.option(
  fc.integer({ min: -86_400_000, max: 86_400_000 }).map((ms) => new Date(now.getTime() + ms)),
  { nil: null },
);

describe('the re-hash of a presented secret', () => {
  it('moves a secret found under an older pepper to the first one, with the sender’s hash under it', () => {
    const row: FoundSecret = { secretHash: 'a'.repeat(64), pepperId: old.id, validUntil: null };
    const hashes: PresentedHash[] = [
      { pepper: fresh.tag, hash: 'b'.repeat(64) },
      { pepper: old.tag, hash: 'a'.repeat(64) },
    ];
    expect(rehashOf(row, hashes, [fresh, old], now)).toEqual({
      secretHash: 'b'.repeat(64),
      pepperId: fresh.id,
    });
  });

  it('always names the first pepper and a hash the sender made under that pepper, or changes nothing', () => {
    fc.assert(
      fc.property(
        peppersArb.chain((peppers) => fc.tuple(fc.constant(peppers), hashesArb(peppers))),
        hex,
        fc.constantFrom('legacy', '2026-11', '2026-12'),
        validUntilArb,
        ([peppers, hashes], secretHash, pepperId, validUntil) => {
          const rehash = rehashOf({ secretHash, pepperId, validUntil }, hashes, peppers, now);
          if (!rehash) return;
          const first = peppers[0]!;
          expect(rehash.pepperId).toBe(first.id);
          expect(hashes).toContainEqual({ pepper: first.tag, hash: rehash.secretHash });
        },
      ),
    );
  });

  it('never rewrites a secret that has ended', () => {
    fc.assert(
      fc.property(
        peppersArb.chain((peppers) => fc.tuple(fc.constant(peppers), hashesArb(peppers))),
        hex,
        fc.integer({ min: 0, max: 86_400_000 }),
        ([peppers, hashes], secretHash, agoMs) => {
          const row = { secretHash, pepperId: 'legacy', validUntil: new Date(now.getTime() - agoMs) };
          expect(secretEnded(row, now)).toBe(true);
          expect(rehashOf(row, hashes, peppers, now)).toBeUndefined();
        },
      ),
    );
  });

  it('is idempotent: a row already re-hashed is left as it is', () => {
    fc.assert(
      fc.property(
        peppersArb.chain((peppers) => fc.tuple(fc.constant(peppers), hashesArb(peppers))),
        hex,
        validUntilArb,
        ([peppers, hashes], secretHash, validUntil) => {
          const row = { secretHash, pepperId: 'legacy', validUntil };
          const rehash = rehashOf(row, hashes, peppers, now);
          if (rehash) expect(rehashOf({ ...row, ...rehash }, hashes, peppers, now)).toBeUndefined();
        },
      ),
    );
  });

  it('changes nothing when the sender gave no hash under the first pepper (a gateway without it)', () => {
    const row: FoundSecret = { secretHash: 'a'.repeat(64), pepperId: old.id, validUntil: null };
    expect(rehashOf(row, [{ pepper: old.tag, hash: 'a'.repeat(64) }], [fresh, old], now)).toBeUndefined();
    expect(rehashOf(row, [{ hash: 'a'.repeat(64) }], [fresh, old], now)).toBeUndefined();
    expect(rehashOf(row, [{ pepper: fresh.tag, hash: 'b'.repeat(64) }], [], now)).toBeUndefined();
  });
});
