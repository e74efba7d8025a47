import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { UserLookupReply, UserRole } from '@latchkey/contracts';
import { TokenVerifier, USER_RECHECK_MS } from './token-verifier';

/** Identity's JWKS on a local port (jose fetches it as from identity), and its user tokens. */
describe('TokenVerifier and user tokens', () => {
  let server: Server;
  let url: string;
  let sign: (role: UserRole) => Promise<string>;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' }] });
    server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sign = (role) =>
      new SignJWT({ org_id: 'org_1', role, typ: 'user' })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
        .setIssuer('latchkey-identity')
        .setAudience('latchkey')
        .setSubject('usr_1')
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
    verifier.userChanged({ user_id: 'usr_1', role: 'member', active: false });
    expect(await verifier.verify(token)).toBeUndefined();
    reply = new Error('no responders');
    expect(
      await new TokenVerifier(url, async () => Promise.reject(new Error('down'))).verify(token),
    ).toBeUndefined();
  });
});
