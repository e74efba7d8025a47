import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import type { Principal } from '@latchkey/contracts';
import { signForwardingAssertion, verifyForwardingAssertion } from './forwarding-assertion';
import { DEFAULT_GATEWAY_KID, importSigningKey, importVerifyKeys } from './gateway-token';
import { signPrincipal, verifyPrincipal } from './principal-token';

const pair = (kid?: string) => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as JWK), ...(kid ? { kid } : {}) };
  return { privateJwk: privateKey.export({ format: 'jwk' }) as JWK, publicJwk };
};

const principal: Principal = { org_id: 'org_01', subject: 'key_01', kind: 'api_key', scopes: ['a:read'] };
const now = () => Math.floor(Date.now() / 1000);

/** Backends hold a set of the gateway's public keys, chosen by kid, so its key rolls with traffic flowing. */
describe('gateway public key set', () => {
  const old = pair('gateway-old');
  const fresh = pair('gateway-new');

  it('a principal signed by any key of the set verifies, chosen by its kid', async () => {
    const keys = importVerifyKeys([old.publicJwk, fresh.publicJwk]);
    for (const [key, kid] of [
      [old, 'gateway-old'],
      [fresh, 'gateway-new'],
    ] as const) {
      const token = await signPrincipal(
        principal,
        'data-api',
        await importSigningKey(key.privateJwk),
        kid,
        now(),
      );
      expect(verifyPrincipal(token, 'data-api', keys).ok).toBe(true);
    }
  });

  it('a principal whose kid is not in the set, or names another key of the set, is refused', async () => {
    const keys = importVerifyKeys([old.publicJwk]);
    const signer = await importSigningKey(fresh.privateJwk);
    // A key the backend was not given.
    expect(
      verifyPrincipal(
        await signPrincipal(principal, 'data-api', signer, 'gateway-new', now()),
        'data-api',
        keys,
      ),
    ).toEqual({ ok: false, reason: 'invalid' });
    // Signed by the new key but claiming the old key's kid.
    expect(
      verifyPrincipal(
        await signPrincipal(principal, 'data-api', signer, 'gateway-old', now()),
        'data-api',
        keys,
      ),
    ).toEqual({ ok: false, reason: 'invalid' });
  });

  it('after the old key is dropped, what it signs is refused and the new key still verifies', async () => {
    const before = await signPrincipal(
      principal,
      'audit',
      await importSigningKey(old.privateJwk),
      'gateway-old',
      now(),
    );
    const after = await signPrincipal(
      principal,
      'audit',
      await importSigningKey(fresh.privateJwk),
      'gateway-new',
      now(),
    );
    const keys = importVerifyKeys([fresh.publicJwk]);
    expect(verifyPrincipal(before, 'audit', keys).ok).toBe(false);
    expect(verifyPrincipal(after, 'audit', keys).ok).toBe(true);
  });

  it('forwarding assertions verify against the set as principals do', async () => {
    const keys = importVerifyKeys([old.publicJwk, fresh.publicJwk]);
    const assertion = { client_ip: '203.0.113.7', request_id: '0b5e0c8e-6c3a-4d55-9f39-2c2bb1e2f8a1' };
    const token = await signForwardingAssertion(
      assertion,
      await importSigningKey(fresh.privateJwk),
      'gateway-new',
      now(),
    );
    expect(verifyForwardingAssertion(token, keys, now())).toEqual({ ok: true, assertion });
    expect(verifyForwardingAssertion(token, importVerifyKeys([old.publicJwk]), now()).ok).toBe(false);
  });

  it("a single key without kid (the earlier PRINCIPAL_PUBLIC_KEY) stands for the gateway's default kid", async () => {
    const legacy = pair();
    const keys = importVerifyKeys([legacy.publicJwk]);
    const signer = await importSigningKey(legacy.privateJwk);
    expect(
      verifyPrincipal(
        await signPrincipal(principal, 'audit', signer, DEFAULT_GATEWAY_KID, now()),
        'audit',
        keys,
      ).ok,
    ).toBe(true);
  });

  it('two keys under one kid are refused at boot', () => {
    expect(() => importVerifyKeys([old.publicJwk, { ...fresh.publicJwk, kid: 'gateway-old' }])).toThrow(
      'two keys with kid gateway-old',
    );
  });
});
