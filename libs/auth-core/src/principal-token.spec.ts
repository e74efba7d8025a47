import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import type { Principal } from '@latchkey/contracts';
import { importSigningKey, importVerifyKey } from './gateway-token';
import { PRINCIPAL_LIFETIME_SECONDS, signPrincipal, verifyPrincipal } from './principal-token';

const keyPair = async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: await importSigningKey(privateKey.export({ format: 'jwk' }) as JWK),
    publicKey: importVerifyKey(publicKey.export({ format: 'jwk' }) as JWK),
  };
};

const principal: Principal = {
  org_id: 'org_01',
  subject: 'key_01',
  kind: 'api_key',
  key_id: 'key_01',
  scopes: ['projects:read', 'leads:read@lead_1'],
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodePart = (part: string) =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('principal token', () => {
  let keys: Awaited<ReturnType<typeof keyPair>>;
  let otherKeys: Awaited<ReturnType<typeof keyPair>>;

  beforeAll(async () => {
    keys = await keyPair();
    otherKeys = await keyPair();
  });

  it('a signed principal verifies for its audience with the same content and expiry', async () => {
    const now = nowSeconds();
    const token = await signPrincipal(principal, 'data-api', keys.privateKey, 'kid-1', now);
    const result = await verifyPrincipal(token, 'data-api', keys.publicKey);
    expect(result).toEqual({ ok: true, principal, expiresAt: (now + PRINCIPAL_LIFETIME_SECONDS) * 1000 });
  });

  it('a user principal without a key id round-trips without inventing one', async () => {
    const user: Principal = { org_id: 'org_01', subject: 'usr_01', kind: 'user', scopes: ['*'] };
    const token = await signPrincipal(user, 'identity', keys.privateKey, 'kid-1', nowSeconds());
    const result = await verifyPrincipal(token, 'identity', keys.publicKey);
    expect(result.ok && result.principal).toEqual(user);
  });

  it('the token header names EdDSA, its purpose and the signing key id', async () => {
    const token = await signPrincipal(principal, 'audit', keys.privateKey, 'kid-7', nowSeconds());
    expect(decodePart(token.split('.')[0] as string)).toEqual({
      alg: 'EdDSA',
      typ: 'latchkey-principal+jwt',
      kid: 'kid-7',
    });
  });

  it('a principal signed for one audience is refused by another', async () => {
    const token = await signPrincipal(principal, 'data-api', keys.privateKey, 'kid-1', nowSeconds());
    expect(await verifyPrincipal(token, 'audit', keys.publicKey)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyPrincipal(token, 'identity', keys.publicKey)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('an expired principal is refused', async () => {
    const token = await signPrincipal(principal, 'data-api', keys.privateKey, 'kid-1', nowSeconds() - 3600);
    expect(await verifyPrincipal(token, 'data-api', keys.publicKey)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('a principal whose claims were changed after signing is refused', async () => {
    const token = await signPrincipal(principal, 'data-api', keys.privateKey, 'kid-1', nowSeconds());
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = decodePart(payload);
    const widened = `${header}.${base64url({ ...claims, scopes: ['*'] })}.${signature}`;
    const otherOrg = `${header}.${base64url({ ...claims, org_id: 'org_02' })}.${signature}`;
    expect(await verifyPrincipal(widened, 'data-api', keys.publicKey)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await verifyPrincipal(otherOrg, 'data-api', keys.publicKey)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('a principal with a flipped signature byte is refused', async () => {
    const token = await signPrincipal(principal, 'data-api', keys.privateKey, 'kid-1', nowSeconds());
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const bytes = Buffer.from(signature, 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 0x01;
    const tampered = `${header}.${payload}.${bytes.toString('base64url')}`;
    expect(await verifyPrincipal(tampered, 'data-api', keys.publicKey)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('a principal signed by another key is refused', async () => {
    const token = await signPrincipal(principal, 'data-api', otherKeys.privateKey, 'kid-1', nowSeconds());
    expect(await verifyPrincipal(token, 'data-api', keys.publicKey)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('an unsigned (alg "none") principal is refused', async () => {
    const now = nowSeconds();
    const unsigned = `${base64url({ alg: 'none', typ: 'latchkey-principal+jwt' })}.${base64url({
      ...principal,
      iss: 'latchkey-gateway',
      aud: 'data-api',
      sub: principal.subject,
      iat: now,
      exp: now + 30,
    })}.`;
    expect(await verifyPrincipal(unsigned, 'data-api', keys.publicKey)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('a missing principal is reported as missing, garbage as invalid', async () => {
    expect(await verifyPrincipal(undefined, 'data-api', keys.publicKey)).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(await verifyPrincipal('', 'data-api', keys.publicKey)).toEqual({ ok: false, reason: 'missing' });
    expect(await verifyPrincipal('not.a.jws', 'data-api', keys.publicKey)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});
