import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { jwtVerify, SignJWT, type JWK } from 'jose';
import type { Principal } from '@latchkey/contracts';
import { signForwardingAssertion, verifyForwardingAssertion } from './forwarding-assertion';
import {
  GatewayTokenPurpose,
  importSigningKey,
  importVerifyKey,
  signGatewayToken,
  verifyGatewayToken,
} from './gateway-token';
import { signPrincipal, verifyPrincipal } from './principal-token';

const keyPair = async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: await importSigningKey(privateKey.export({ format: 'jwk' }) as JWK),
    publicKey: importVerifyKey(publicKey.export({ format: 'jwk' }) as JWK),
  };
};

const principal: Principal = { org_id: 'org_01', subject: 'usr_01', kind: 'user', scopes: ['*'] };
const assertion = { client_ip: '203.0.113.7', request_id: 'req-1', client_request_id: 'client-1' };
const now = () => Math.floor(Date.now() / 1000);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('gateway tokens: one signing key, a purpose per kind of token', () => {
  let keys: Awaited<ReturnType<typeof keyPair>>;

  beforeAll(async () => {
    keys = await keyPair();
  });

  it('a principal, even one for identity, never verifies as a forwarding assertion', async () => {
    const token = await signPrincipal(principal, 'identity', keys.privateKey, 'k', now());
    expect(verifyPrincipal(token, 'identity', keys.publicKey).ok).toBe(true);
    expect(verifyForwardingAssertion(token, keys.publicKey, now())).toEqual({ ok: false, reason: 'invalid' });
  });

  it('a forwarding assertion never verifies as a principal', async () => {
    const token = await signForwardingAssertion(assertion, keys.privateKey, 'k', now());
    expect(verifyForwardingAssertion(token, keys.publicKey, now())).toEqual({ ok: true, assertion });
    expect(verifyPrincipal(token, 'identity', keys.publicKey)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('claims shaped for the other purpose do not help: the header decides', async () => {
    // A forwarding-typed token carrying a principal's claims is still no principal.
    const disguised = await signGatewayToken(
      { ...principal, ...assertion },
      { purpose: GatewayTokenPurpose.Forwarded, audience: 'identity', lifetimeSeconds: 30 },
      keys.privateKey,
      'k',
      now(),
    );
    expect(verifyPrincipal(disguised, 'identity', keys.publicKey).ok).toBe(false);
    expect(verifyForwardingAssertion(disguised, keys.publicKey, now()).ok).toBe(true);
  });

  it('a token of the right key and claims without a typ, or with another one, is refused', async () => {
    for (const typ of [undefined, 'JWT', 'latchkey-principal+jwt ', 'LATCHKEY-FORWARDED+JWT']) {
      const token = await new SignJWT({ ...assertion })
        .setProtectedHeader(typ === undefined ? { alg: 'EdDSA' } : { alg: 'EdDSA', typ })
        .setIssuer('latchkey-gateway')
        .setAudience('identity')
        .setIssuedAt(now())
        .setExpirationTime(now() + 10)
        .sign(keys.privateKey);
      expect({ typ, result: verifyForwardingAssertion(token, keys.publicKey, now()) }).toEqual({
        typ,
        result: { ok: false, reason: 'invalid' },
      });
    }
  });

  it('a purpose swapped in the header after signing breaks the signature', async () => {
    const token = await signPrincipal(principal, 'identity', keys.privateKey, 'k', now());
    const [, claims, signature] = token.split('.') as [string, string, string];
    const swapped = `${base64url({ alg: 'EdDSA', typ: GatewayTokenPurpose.Forwarded, kid: 'k' })}.${claims}.${signature}`;
    expect(verifyForwardingAssertion(swapped, keys.publicKey, now()).ok).toBe(false);
  });

  it('what jose signs with the purpose verifies here, and what is signed here verifies with jose', async () => {
    const token = await signForwardingAssertion(assertion, keys.privateKey, 'k', now());
    const { payload, protectedHeader } = await jwtVerify(token, keys.publicKey, {
      typ: GatewayTokenPurpose.Forwarded,
      issuer: 'latchkey-gateway',
      audience: 'identity',
    });
    expect(protectedHeader.typ).toBe('latchkey-forwarded+jwt');
    expect(payload).toMatchObject(assertion);
    const byJose = await new SignJWT({ ...assertion })
      .setProtectedHeader({ alg: 'EdDSA', typ: GatewayTokenPurpose.Forwarded })
      .setIssuer('latchkey-gateway')
      .setAudience(['data-api', 'identity'])
      .setExpirationTime(now() + 5)
      .sign(keys.privateKey);
    expect(verifyForwardingAssertion(byJose, keys.publicKey, now())).toEqual({ ok: true, assertion });
  });

  it('refuses a crit header, a future nbf, another issuer, an oversized token', async () => {
    const sign = (header: Record<string, unknown>, claims: Record<string, unknown>) =>
      new SignJWT({ ...assertion, ...claims })
        .setProtectedHeader({ alg: 'EdDSA', typ: GatewayTokenPurpose.Forwarded, ...header })
        .setAudience('identity')
        .setExpirationTime(now() + 10)
        .sign(keys.privateKey);
    const withCrit = await sign({ crit: ['b64'], b64: true }, { iss: 'latchkey-gateway' });
    const notYet = await sign({}, { iss: 'latchkey-gateway', nbf: now() + 60 });
    const otherIssuer = await sign({}, { iss: 'someone-else' });
    for (const token of [withCrit, notYet, otherIssuer, `${'a'.repeat(9000)}.b.c`])
      expect(
        verifyGatewayToken(token, GatewayTokenPurpose.Forwarded, 'identity', keys.publicKey, now()),
      ).toEqual({ ok: false, reason: 'invalid' });
  });

  it('no single changed character of a signed token verifies (header, claims or signature)', async () => {
    const token = await signForwardingAssertion(assertion, keys.privateKey, 'k', now());
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...alphabet.split('')),
        (index, replacement) => {
          fc.pre(token[index] !== replacement);
          const changed = token.slice(0, index) + replacement + token.slice(index + 1);
          return !verifyForwardingAssertion(changed, keys.publicKey, now()).ok;
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('forwarding assertion', () => {
  let keys: Awaited<ReturnType<typeof keyPair>>;
  let other: Awaited<ReturnType<typeof keyPair>>;

  beforeAll(async () => {
    keys = await keyPair();
    other = await keyPair();
  });

  it('round-trips the client address and both request ids; the client id is optional', async () => {
    const { client_request_id: _none, ...withoutClientId } = assertion;
    for (const value of [assertion, withoutClientId, { ...withoutClientId, client_ip: '2001:db8::1' }]) {
      const token = await signForwardingAssertion(value, keys.privateKey, 'k', now());
      expect(verifyForwardingAssertion(token, keys.publicKey, now())).toEqual({ ok: true, assertion: value });
    }
  });

  it('lives a few seconds: expired after its lifetime', async () => {
    const issued = now() - 11;
    const token = await signForwardingAssertion(assertion, keys.privateKey, 'k', issued);
    expect(verifyForwardingAssertion(token, keys.publicKey, issued + 9).ok).toBe(true);
    expect(verifyForwardingAssertion(token, keys.publicKey, issued + 10)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('is refused when signed by another key, missing, or garbage', async () => {
    const token = await signForwardingAssertion(assertion, other.privateKey, 'k', now());
    expect(verifyForwardingAssertion(token, keys.publicKey, now())).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyForwardingAssertion(undefined, keys.publicKey, now())).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyForwardingAssertion('a.b.c', keys.publicKey, now())).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('a signed assertion whose claims are not an address and request ids is refused', async () => {
    for (const claims of [
      { ...assertion, client_ip: 'not-an-ip' },
      { ...assertion, client_ip: '10.0.0.0/8' },
      { ...assertion, request_id: 'has space' },
      { ...assertion, request_id: 7 },
      { ...assertion, client_request_id: 'x'.repeat(129) },
      { client_ip: assertion.client_ip },
    ]) {
      const token = await signGatewayToken(
        claims,
        { purpose: GatewayTokenPurpose.Forwarded, audience: 'identity', lifetimeSeconds: 10 },
        keys.privateKey,
        'k',
        now(),
      );
      expect(verifyForwardingAssertion(token, keys.publicKey, now())).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  it('an assertion for another audience is refused', async () => {
    const token = await signGatewayToken(
      { ...assertion },
      { purpose: GatewayTokenPurpose.Forwarded, audience: 'data-api', lifetimeSeconds: 10 },
      keys.privateKey,
      'k',
      now(),
    );
    expect(verifyForwardingAssertion(token, keys.publicKey, now())).toEqual({ ok: false, reason: 'invalid' });
  });
});
