import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { UserLookupReply, UserRole } from '@latchkey/contracts';
import { TokenVerifier, USER_RECHECK_MS } from './token-verifier';

const ORG = 'org_01JZ00000000000000000000AB';
const USER = 'usr_01JZ00000000000000000000AB';
const KEY = 'key_01JZ00000000000000000000AB';
const SECRET = 'sec_01JZ00000000000000000000AB';

/** Identity's JWKS on a local port (jose fetches it as from identity), and its user tokens. */
describe('TokenVerifier and user tokens', () => {
  let server: Server;
  let url: string;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let sign: (role: UserRole, claims?: Record<string, unknown>) => Promise<string>;

  beforeAll(async () => {
    keys = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const { privateKey, publicKey } = keys;
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' }] });
    server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sign = (role, claims = {}) =>
      new SignJWT({ org_id: ORG, role, typ: 'user', ...claims })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
        .setIssuer('latchkey-identity')
        .setAudience('latchkey')
        .setSubject(USER)
        .setIssuedAt()
        .setExpirationTime('12h')
        .sign(privateKey);
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('holds a token to its user as identity sees them: confirmed on first sight, then every USER_RECHECK_MS', async () => {
    let reply: UserLookupReply | Error = { found: true, role: 'admin', active: true };
    let asked = 0;
    const verifier = new TokenVerifier(url, async () => {
      asked++;
      if (reply instanceof Error) throw reply;
      return reply;
    });
    const token = await sign('admin');
    const now = Date.now();
    expect(await verifier.verify(token, now)).toMatchObject({ kind: 'user', role: 'admin' });
    // Within the recheck interval the confirmation stands.
    expect(await verifier.verify(token, now + 1000)).toBeDefined();
    expect(asked).toBe(1);
    // Identity unreachable: the last confirmation stands.
    reply = new Error('no responders');
    expect(await verifier.verify(token, now + USER_RECHECK_MS)).toBeDefined();
    // Demoted while this replica missed the announcement: refused at the next check, and stays so.
    reply = { found: true, role: 'viewer', active: true };
    expect(await verifier.verify(token, now + 2 * USER_RECHECK_MS)).toBeUndefined();
    reply = new Error('no responders');
    expect(await verifier.verify(token, now + 2 * USER_RECHECK_MS + 1)).toBeUndefined();
    // A token with the user's current role works.
    reply = { found: true, role: 'viewer', active: true };
    expect(await verifier.verify(await sign('viewer'), now + 2 * USER_RECHECK_MS + 2)).toMatchObject({
      role: 'viewer',
    });
  });

  it('an announced change applies at once; a user identity cannot confirm on first sight is refused', async () => {
    let reply: UserLookupReply | Error = { found: true, role: 'member', active: true };
    const verifier = new TokenVerifier(url, async () => {
      if (reply instanceof Error) throw reply;
      return reply;
    });
    const token = await sign('member');
    expect(await verifier.verify(token)).toBeDefined();
    verifier.userChanged({ user_id: USER, role: 'member', active: false });
    expect(await verifier.verify(token)).toBeUndefined();
    reply = new Error('no responders');
    expect(
      await new TokenVerifier(url, async () => Promise.reject(new Error('down'))).verify(token),
    ).toBeUndefined();
  });

  it('a change of credentials ends older tokens: announced at once, or caught at the next confirmation', async () => {
    let reply: UserLookupReply = { found: true, role: 'admin', active: true, credential_version: 3 };
    const verifier = new TokenVerifier(url, async () => reply);
    const before = await sign('admin', { cv: 3 });
    const now = Date.now();
    expect(await verifier.verify(before, now)).toMatchObject({ credentialVersion: 3 });
    // Password changed: announced with the new version; the old token is refused, a new one holds.
    verifier.userChanged({ user_id: USER, role: 'admin', active: true, credential_version: 4 }, now);
    reply = { found: true, role: 'admin', active: true, credential_version: 4 };
    expect(await verifier.verify(before, now + 1)).toBeUndefined();
    const after = await sign('admin', { cv: 4 });
    expect(await verifier.verify(after, now + 2)).toBeDefined();
    // An announcement that arrives late (an older version) does not bring the old token back.
    verifier.userChanged({ user_id: USER, role: 'admin', active: true, credential_version: 3 }, now + 3);
    expect(await verifier.verify(before, now + 4)).toBeUndefined();
    expect(await verifier.verify(after, now + 5)).toBeDefined();

    // A replica that missed the announcement: identity's answer at the next confirmation ends it.
    const missed = new TokenVerifier(url, async () => reply);
    reply = { found: true, role: 'admin', active: true, credential_version: 4 };
    expect(await missed.verify(before, now)).toBeUndefined();
    // Removed: identity no longer knows the user.
    reply = { found: false };
    expect(await missed.verify(after, now + USER_RECHECK_MS)).toBeUndefined();
  });

  it('a token without a version (issued before versions existed) is of version 0', async () => {
    const reply: UserLookupReply = { found: true, role: 'member', active: true, credential_version: 0 };
    const verifier = new TokenVerifier(url, async () => reply);
    const legacy = await sign('member');
    expect(await verifier.verify(legacy)).toMatchObject({ credentialVersion: 0 });
    verifier.userChanged({ user_id: USER, role: 'member', active: true, credential_version: 1 });
    expect(await verifier.verify(legacy)).toBeUndefined();
    // An identity that predates versions announces none: role and status still decide.
    const older = new TokenVerifier(url, async () => ({ found: true, role: 'member', active: true }));
    expect(await older.verify(legacy)).toBeDefined();
  });

  it('an access token names the secret it was exchanged with and when it was issued', async () => {
    const verifier = new TokenVerifier(url, async () => ({ found: false }));
    const { privateKey } = keys;
    const token = await new SignJWT({ org_id: ORG, scopes: [], sid: SECRET, typ: 'access' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setIssuer('latchkey-identity')
      .setAudience('latchkey')
      .setSubject(KEY)
      .setIssuedAt(1_800_000_000)
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await verifier.verify(token)).toMatchObject({
      kind: 'access',
      keyId: KEY,
      secretId: SECRET,
      issuedAt: 1_800_000_000_000,
    });
  });

  it.each([
    ['no org_id', { org_id: undefined }],
    ['no role', { role: undefined }],
    ['a role it does not know', { role: 'superuser' }],
    ['no typ', { typ: undefined }],
    ['a credential version that is no integer', { cv: '3' }],
  ])('a user token with %s is refused', async (_what, claims) => {
    const verifier = new TokenVerifier(url, async () => ({ found: true, role: 'admin', active: true }));
    expect(await verifier.verify(await sign('admin', claims))).toBeUndefined();
  });

  it('a token is judged at the verifier’s clock: refused from its expiry on, cached or not', async () => {
    const verifier = new TokenVerifier(url, async () => ({ found: true, role: 'admin', active: true }));
    const token = await sign('admin');
    const [, body] = token.split('.');
    const exp =
      (JSON.parse(Buffer.from(body as string, 'base64url').toString()) as { exp: number }).exp * 1000;
    expect(await verifier.verify(token, exp - 1)).toBeDefined();
    expect(await verifier.verify(token, exp)).toBeUndefined();
    expect(
      await new TokenVerifier(url, async () => ({ found: false })).verify(token, exp + 1),
    ).toBeUndefined();
  });

  it('a token without an expiry is refused (jose alone would accept it)', async () => {
    const verifier = new TokenVerifier(url, async () => ({ found: true, role: 'admin', active: true }));
    const forever = await new SignJWT({ org_id: ORG, role: 'admin', typ: 'user' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setIssuer('latchkey-identity')
      .setAudience('latchkey')
      .setSubject(USER)
      .setIssuedAt()
      .sign(keys.privateKey);
    expect(await verifier.verify(forever)).toBeUndefined();
  });

  it('an access token without its scopes, or naming no key, is refused', async () => {
    const verifier = new TokenVerifier(url, async () => ({ found: false }));
    const access = (claims: Record<string, unknown>, subject = KEY) =>
      new SignJWT({ org_id: ORG, scopes: [], sid: SECRET, typ: 'access', ...claims })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
        .setIssuer('latchkey-identity')
        .setAudience('latchkey')
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(keys.privateKey);
    expect(await verifier.verify(await access({}))).toMatchObject({ kind: 'access' });
    expect(await verifier.verify(await access({ scopes: undefined }))).toBeUndefined();
    expect(await verifier.verify(await access({}, USER))).toBeUndefined();
  });
});
