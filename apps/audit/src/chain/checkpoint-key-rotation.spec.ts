import { generateEd25519Jwk } from '@latchkey/runtime';
import { ChainSigner, ChainStatementVerifier } from './chain-signer';

const statement = { org_id: 'org_01', chain_seq: 42, hash: 'a'.repeat(64) };
const payload = { ...statement, signed_at: '2026-12-03T00:00:00.000Z' };

/** Checkpoints stay verifiable forever: a retired checkpoint key keeps verifying what it signed. */
describe('checkpoint key rotation', () => {
  const old = generateEd25519Jwk('audit-old');
  const fresh = generateEd25519Jwk('audit-new');

  it('after rotation, checkpoints signed by the retired key still verify and new ones use the new key', async () => {
    const before = await new ChainSigner(old.privateJwk).sign('checkpoint', payload);
    const rotated = new ChainSigner(fresh.privateJwk, [old.publicJwk]);
    const after = await rotated.sign('checkpoint', payload);
    const verifier = await rotated.verifier();
    expect(await verifier.verifies('checkpoint', before, statement)).toEqual({ ok: true, legacy: false });
    expect(await verifier.verifies('checkpoint', after, statement)).toEqual({ ok: true, legacy: false });
    // Published: the current key first, then the retired one.
    expect((await rotated.publicJwks()).map((jwk) => jwk.kid)).toEqual(['audit-new', 'audit-old']);
    expect(JSON.stringify(await rotated.publicJwks())).not.toContain('"d"');
  });

  it('without the retired key, its checkpoints do not verify; a signature claiming another kid is refused', async () => {
    const before = await new ChainSigner(old.privateJwk).sign('checkpoint', payload);
    expect(
      await (await new ChainSigner(fresh.privateJwk).verifier()).verifies('checkpoint', before, statement),
    ).toEqual({ ok: false });
    // The new key's signature relabelled with the old kid: chosen by kid, checked against that key.
    const after = await new ChainSigner({ ...fresh.privateJwk, kid: 'audit-old' }).sign(
      'checkpoint',
      payload,
    );
    expect(
      await new ChainStatementVerifier([old.publicJwk]).verifies('checkpoint', after, statement),
    ).toEqual({ ok: false });
  });

  it("a retired key with the current key's kid is refused at boot", () => {
    expect(() => new ChainSigner(fresh.privateJwk, [{ ...old.publicJwk, kid: 'audit-new' }])).toThrow(
      "a retired checkpoint key has the current key's kid audit-new",
    );
  });
});
