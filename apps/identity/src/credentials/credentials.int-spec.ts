import { createKeyRequest, createUserRequest } from '@latchkey/api-routes';
import { decodeJwt } from 'jose';
import { OutboxRelayService } from '@latchkey/runtime';
import { IDENTITY_ENTITIES } from '../database';
import { KeysService } from '../keys';
import { UsersService } from '../users';
import { IdentityUnderTest } from '../testing';
import { CredentialsModule } from './credentials.module';
import { SignInService } from './sign-in.service';
import { TokenExchangeService } from './token-exchange.service';
import { TokenIssuanceLog } from './token-issuance.service';
import { TokenSigner } from './token-signer.service';

jest.setTimeout(180_000);

const WINDOW_SECONDS = 60;
const ctx = { actor: { type: 'user' as const, id: 'usr_credentials_test' } };

/** Credentials and tokens on a real PostgreSQL and NATS: every token issued is in the audit trail. */
describe('credentials and token issuance (real PostgreSQL and NATS)', () => {
  let identity: IdentityUnderTest;
  let signIns: SignInService;
  let exchanges: TokenExchangeService;
  let issuance: TokenIssuanceLog;

  beforeAll(async () => {
    identity = await IdentityUnderTest.start({
      modules: [CredentialsModule],
      entities: IDENTITY_ENTITIES,
      env: { ISSUANCE_WINDOW_SECONDS: String(WINDOW_SECONDS) },
    });
    signIns = identity.get(SignInService);
    exchanges = identity.get(TokenExchangeService);
    issuance = identity.get(TokenIssuanceLog);
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await identity?.close();
  });

  const counted = async (subjectId: string) =>
    (
      await identity.sql<{ count: number }>(
        `select coalesce(sum(count), 0)::int as count from identity.token_issuance where subject_id = $1`,
        [subjectId],
      )
    )[0]?.count;
  const newKey = async (orgId: string) =>
    identity
      .get(KeysService)
      .create(
        { orgId, scopes: ['*'] },
        createKeyRequest.parse({ name: 'k', scopes: ['projects:read'], expires_in_days: 30 }),
        ctx,
      );

  it('a key’s secret exchanges for an access token naming its secret, counted before the answer', async () => {
    const orgId = await identity.organisation();
    const key = await newKey(orgId);
    const answer = await exchanges.exchange({ secret: key.secret }, '10.0.0.1');
    expect(answer).toMatchObject({ token_type: 'Bearer', scope: 'projects:read' });
    const claims = decodeJwt(answer.access_token);
    expect(claims).toMatchObject({ sub: key.id, org_id: orgId });
    expect(claims['sid']).toEqual(expect.stringMatching(/^sec_/));
    expect(await counted(key.id)).toBe(1);
  });

  it('a revoked key’s secret never exchanges, and nothing is counted for it', async () => {
    const orgId = await identity.organisation();
    const key = await newKey(orgId);
    await identity.get(KeysService).revoke(orgId, key.id, 'leaked', ctx);
    await expect(exchanges.exchange({ secret: key.secret }, '10.0.0.2')).rejects.toThrow(
      /missing, malformed, unknown, expired or revoked/,
    );
    expect(await counted(key.id)).toBe(0);
  });

  it('an access token ends no later than its key: expires_in and exp stop at the key’s expiry', async () => {
    const orgId = await identity.organisation();
    const expiresAt = new Date(Date.now() + 120_000);
    const key = await identity
      .get(KeysService)
      .create(
        { orgId, scopes: ['*'] },
        createKeyRequest.parse({ name: 'k', scopes: ['projects:read'], expires_at: expiresAt.toISOString() }),
        ctx,
      );
    const answer = await exchanges.exchange({ secret: key.secret }, '10.0.0.4');
    const claims = decodeJwt(answer.access_token);
    expect(answer.expires_in).toBeLessThanOrEqual(120);
    expect(answer.expires_in).toBeGreaterThan(60);
    expect(claims.exp! - claims.iat!).toBe(answer.expires_in);
    expect(claims.exp! * 1000).toBeLessThanOrEqual(expiresAt.getTime());
  });

  it('a pair naming another key’s public id gets the one refusal, and nothing is counted for either key', async () => {
    const orgId = await identity.organisation();
    const [mine, other] = [await newKey(orgId), await newKey(orgId)];
    const refused = exchanges.exchange({ secret: mine.secret, publicId: other.public_id }, '10.0.0.5');
    await expect(refused).rejects.toThrow(/missing, malformed, unknown, expired or revoked/);
    await expect(refused).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(await counted(mine.id)).toBe(0);
    expect(await counted(other.id)).toBe(0);
    const answer = await exchanges.exchange({ secret: mine.secret, publicId: mine.public_id }, '10.0.0.5');
    expect(decodeJwt(answer.access_token)).toMatchObject({ sub: mine.id });
  });

  it('a sign-in gives a user token of the user’s role and credential version; a wrong password the one refusal', async () => {
    const orgId = await identity.organisation();
    const email = `signin-${Date.now()}@example.com`;
    const user = await identity
      .get(UsersService)
      .create(
        { id: 'usr_founder', orgId, role: 'owner' },
        createUserRequest.parse({ email, name: 'Signer', role: 'admin', password: 'a long enough password' }),
        ctx,
      );
    const answer = await signIns.signIn(email, 'a long enough password', '10.0.0.3');
    const claims = await identity.get(TokenSigner).verifyUserToken(answer.access_token);
    expect(claims).toMatchObject({ sub: user.id, org_id: orgId, role: 'admin', cv: 0 });
    expect(await counted(user.id)).toBe(1);
    await expect(signIns.signIn(email, 'not the password at all', '10.0.0.3')).rejects.toThrow(
      /email or password is wrong/,
    );
    expect(await counted(user.id)).toBe(1);
  });

  it('an ended window becomes one token.issued per credential, in the transaction that deletes its rows', async () => {
    const orgId = await identity.organisation();
    const start = new Date(
      Math.ceil(Date.now() / (WINDOW_SECONDS * 1000)) * WINDOW_SECONDS * 1000 + 3_600_000,
    );
    const at = (ms: number) => new Date(start.getTime() + ms);
    const token = { kind: 'access_token' as const, orgId, subjectId: 'key_flush', secretId: 'sec_flush' };
    await issuance.record({ ...token, ip: '10.0.1.1' }, at(1_000));
    await issuance.record({ ...token, ip: '10.0.1.1' }, at(2_000));
    await issuance.record({ ...token, ip: '10.0.1.2' }, at(3_000));
    await issuance.record({ kind: 'user_token', orgId, subjectId: 'usr_flush', ip: '10.0.1.3' }, at(4_000));
    // Not yet ended (and settled): nothing of this window is emitted (other tests' windows are).
    await issuance.flush(at(WINDOW_SECONDS * 1000));
    expect(await identity.outbox(orgId)).toEqual([]);
    const relay = identity.get(OutboxRelayService);
    const nudge = jest.spyOn(relay, 'nudge');
    expect(await issuance.flush(at(WINDOW_SECONDS * 1000 + 5_000))).toBe(2);
    expect(nudge).toHaveBeenCalledTimes(1);
    const events = (await identity.outbox(orgId)).filter((e) => e.type === 'token.issued');
    expect(
      events.map((e) => e.data).sort((a, b) => String(a['kind']).localeCompare(String(b['kind']))),
    ).toEqual([
      expect.objectContaining({
        kind: 'access_token',
        key_id: 'key_flush',
        secret_id: 'sec_flush',
        count: 3,
        by_ip: { '10.0.1.1': 2, '10.0.1.2': 1 },
        window_start: start.toISOString(),
      }),
      expect.objectContaining({
        kind: 'user_token',
        user_id: 'usr_flush',
        count: 1,
        by_ip: { '10.0.1.3': 1 },
      }),
    ]);
    expect(await counted('key_flush')).toBe(0);
    expect(await counted('usr_flush')).toBe(0);
  });

  it('replicas flushing at once emit each ended window once', async () => {
    const orgId = await identity.organisation();
    const start = new Date(
      Math.ceil(Date.now() / (WINDOW_SECONDS * 1000)) * WINDOW_SECONDS * 1000 + 7_200_000,
    );
    for (let i = 0; i < 20; i += 1) {
      await issuance.record(
        { kind: 'access_token', orgId, subjectId: `key_race_${i}`, secretId: 'sec', ip: '10.0.2.1' },
        new Date(start.getTime() + 1_000),
      );
    }
    const later = new Date(start.getTime() + WINDOW_SECONDS * 1000 + 5_000);
    const flushed = await Promise.all([issuance.flush(later), issuance.flush(later), issuance.flush(later)]);
    expect(flushed.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(20);
    const events = (await identity.outbox(orgId)).filter((e) => e.type === 'token.issued');
    expect(events).toHaveLength(20);
    expect(new Set(events.map((e) => e.data['key_id'])).size).toBe(20);
  });
});
