import { generateEd25519Jwk } from '@latchkey/runtime';
import { ChainSigner, ChainStatementVerifier } from './chain-signer';

const statement = { org_id: 'org_01', chain_seq: 42, hash: 'a'.repeat(64) };

/** Checkpoints stay verifiable forever: a retired checkpoint key keeps verifying what it signed. */
describe('checkpoint key rotation', () => {
  const old = generateEd25519Jwk('audit-old');
  const fresh = generateEd25519Jwk('audit-new');

  it('after rotation, checkpoints signed by the retired key still verify and new ones use the new key', async () => {
    const before = await new ChainSigner(old.privateJwk).sign(statement);
    const rotated = new ChainSigner(fresh.privateJwk, [old.publicJwk]);
    const after = await rotated.sign(statement);
    const verifier = await rotated.verifier();
    expect(await verifier.verifies(before, statement)).toBe(true);
    expect(await verifier.verifies(after, statement)).toBe(true);
    // Published: the current key first, then the retired one.
    expect((await rotated.publicJwks()).map((jwk) => jwk.kid)).toEqual(['audit-new', 'audit-old']);
    expect(JSON.stringify(await rotated.publicJwks())).not.toContain('"d"');
  });

  it('without the retired key, its checkpoints do not verify; a signature claiming another kid is refused', async () => {
    const before = await new ChainSigner(old.privateJwk).sign(statement);
    expect(await (await new ChainSigner(fresh.privateJwk).verifier()).verifies(before, statement)).toBe(
      false,
    );
    // The new key's signature relabelled with the old kid: chosen by kid, checked against that key.
    const after = await new ChainSigner({ ...fresh.privateJwk, kid: 'audit-old' }).sign(statement);
    expect(await new ChainStatementVerifier([old.publicJwk]).verifies(after, statement)).toBe(false);
  });

  it("a retired key with the current key's kid is refused at boot", () => {
    expect(() => new ChainSigner(fresh.privateJwk, [{ ...old.publicJwk, kid: 'audit-new' }])).toThrow(
      "a retired checkpoint key has the current key's kid audit-new",
    );
  });
});
