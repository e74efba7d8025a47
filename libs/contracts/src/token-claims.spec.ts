import {
  accessTokenClaims,
  AccessTokenClaimsSchema,
  BearerTokenClaimsSchema,
  userTokenClaims,
  UserTokenClaimsSchema,
} from './token-claims';

const USER = 'usr_01JZ00000000000000000000AB';
const ORG = 'org_01JZ00000000000000000000AB';
const KEY = 'key_01JZ00000000000000000000AB';
const SECRET = 'sec_01JZ00000000000000000000AB';
const NOW = Date.UTC(2026, 0, 1);

const user = () => userTokenClaims({ sub: USER, org_id: ORG, role: 'member', cv: 2 }, 600, NOW);
const access = () =>
  accessTokenClaims({ sub: KEY, org_id: ORG, scopes: ['leads:read'], sid: SECRET }, 60, NOW);

describe('bearer token claims, declared once', () => {
  it('a user token is issued with every claim the gateway reads', () => {
    expect(user()).toEqual({
      typ: 'user',
      sub: USER,
      org_id: ORG,
      role: 'member',
      cv: 2,
      iss: 'latchkey-identity',
      aud: 'latchkey',
      iat: NOW / 1000,
      exp: NOW / 1000 + 600,
    });
    expect(BearerTokenClaimsSchema.parse(user())).toEqual(user());
  });

  it('an access token names its key, organisation and secret', () => {
    expect(BearerTokenClaimsSchema.parse(access())).toMatchObject({ typ: 'access', sub: KEY, sid: SECRET });
  });

  it.each(['sub', 'org_id', 'role', 'typ', 'exp', 'iat', 'iss', 'aud'])(
    'a user token missing `%s` is refused',
    (claim) => {
      const { [claim]: _gone, ...rest } = user() as Record<string, unknown>;
      expect(UserTokenClaimsSchema.safeParse(rest).success).toBe(false);
      expect(BearerTokenClaimsSchema.safeParse(rest).success).toBe(false);
    },
  );

  it.each(['sub', 'org_id', 'scopes', 'typ', 'exp'])('an access token missing `%s` is refused', (claim) => {
    const { [claim]: _gone, ...rest } = access() as Record<string, unknown>;
    expect(BearerTokenClaimsSchema.safeParse(rest).success).toBe(false);
  });

  it('tokens from before `cv` and `sid` existed still parse (as version 0, no secret)', () => {
    const { cv: _cv, ...legacyUser } = user();
    expect(UserTokenClaimsSchema.parse(legacyUser).cv).toBe(0);
    const { sid: _sid, ...legacyAccess } = access();
    expect(AccessTokenClaimsSchema.parse(legacyAccess).sid).toBeUndefined();
  });

  it.each([
    ['an unknown role', { role: 'superuser' }],
    ['a key as the user', { sub: KEY }],
    ['a fractional credential version', { cv: 1.5 }],
    ['another issuer', { iss: 'someone-else' }],
    ["an access token's purpose", { typ: 'access' }],
  ])('a user token with %s is refused', (_why, change) => {
    expect(UserTokenClaimsSchema.safeParse({ ...user(), ...change }).success).toBe(false);
  });

  it('identity cannot issue a token its own schema refuses', () => {
    expect(() => userTokenClaims({ sub: 'usr_1', org_id: ORG, role: 'owner', cv: 0 }, 600)).toThrow();
    expect(() =>
      accessTokenClaims({ sub: KEY, org_id: ORG, scopes: [], sid: 'not-a-secret-id' }, 60),
    ).toThrow();
  });
});
