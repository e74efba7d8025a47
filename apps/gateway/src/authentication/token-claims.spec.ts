import fc from 'fast-check';
import { accessTokenClaims, USER_ROLES, userTokenClaims, type UserRole } from '@latchkey/contracts';
import {
  applyUserChange,
  judgeClaims,
  userTokenHolds,
  type KnownUser,
  type UserChange,
} from './token-claims';

const ORG = 'org_01JZ00000000000000000000AB';
const USER = 'usr_01JZ00000000000000000000AB';
const KEY = 'key_01JZ00000000000000000000AB';
const SECRET = 'sec_01JZ00000000000000000000AB';
const NOW = Date.UTC(2026, 0, 1);

const user = (role: UserRole = 'member', ttl = 600, at = NOW, cv = 0) =>
  userTokenClaims({ sub: USER, org_id: ORG, role, cv }, ttl, at) as Record<string, unknown>;
const access = (ttl = 60, at = NOW) =>
  accessTokenClaims({ sub: KEY, org_id: ORG, scopes: ['leads:read'], sid: SECRET }, ttl, at) as Record<
    string,
    unknown
  >;

describe('judgeClaims (unit)', () => {
  it('accepts a user token and an access token within their lifetimes, each as its own kind', () => {
    expect(judgeClaims(user(), NOW)).toMatchObject({ ok: true, claims: { typ: 'user', role: 'member' } });
    expect(judgeClaims(access(), NOW + 59_999)).toMatchObject({
      ok: true,
      claims: { typ: 'access', sid: SECRET },
    });
  });

  it.each([
    ['not an object', 'a string', 'malformed'],
    ['an array', [], 'malformed'],
    ['another issuer', { ...user(), iss: 'someone-else' }, 'issuer'],
    ['no issuer', { ...user(), iss: undefined }, 'issuer'],
    ['another audience', { ...user(), aud: 'other' }, 'audience'],
    ['an audience list without ours', { ...user(), aud: ['a', 'b'] }, 'audience'],
    ['an expiry that is text', { ...user(), exp: '9999999999' }, 'time_claim'],
    ['no expiry', { ...user(), exp: undefined }, 'claims'],
    ['a kind it does not know', { ...user(), typ: 'refresh' }, 'claims'],
    ['no kind', { ...user(), typ: undefined }, 'claims'],
    ['a role it does not know', { ...user(), role: 'superuser' }, 'claims'],
  ])('refuses %s', (_what, payload, reason) => {
    expect(judgeClaims(payload, NOW)).toEqual({ ok: false, reason });
  });

  it('an audience list that names ours passes the audience check, but is no token identity issues', () => {
    expect(judgeClaims({ ...user(), aud: ['other', 'latchkey'] }, NOW)).toEqual({
      ok: false,
      reason: 'claims',
    });
  });

  it('is over at the first instant of its expiry second, and not valid before its not-before second', () => {
    const claims = user('member', 600);
    const exp = (claims['exp'] as number) * 1000;
    expect(judgeClaims(claims, exp - 1).ok).toBe(true);
    expect(judgeClaims(claims, exp)).toEqual({ ok: false, reason: 'expired' });
    const later = { ...claims, nbf: NOW / 1000 + 10 };
    expect(judgeClaims(later, NOW + 9_999)).toEqual({ ok: false, reason: 'not_yet_valid' });
    expect(judgeClaims(later, NOW + 10_000).ok).toBe(true);
  });
});

const role = fc.constantFrom(...USER_ROLES);
const ttl = fc.integer({ min: 1, max: 366 * 86_400 });
const issuedAt = fc.integer({ min: 0, max: 2 ** 41 });

describe('judgeClaims (properties)', () => {
  it('an expired token is refused at every time from its expiry on, whatever it was issued for', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        role,
        ttl,
        issuedAt,
        fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 2 ** 40 })),
        (isUser, r, life, at, after) => {
          const claims = isUser ? user(r, life, at) : access(life, at);
          const now = (claims['exp'] as number) * 1000 + after;
          expect(judgeClaims(claims, now)).toEqual({ ok: false, reason: 'expired' });
        },
      ),
    );
  });

  it('a token is accepted at every time from its issue to just before its expiry', () => {
    fc.assert(
      fc.property(fc.boolean(), role, ttl, issuedAt, fc.nat(), (isUser, r, life, at, offset) => {
        const claims = isUser ? user(r, life, at) : access(life, at);
        const from = (claims['iat'] as number) * 1000;
        const until = (claims['exp'] as number) * 1000;
        const now = from + (offset % (until - from));
        expect(judgeClaims(claims, now).ok).toBe(true);
      }),
    );
  });

  it('a token for another issuer or audience is never accepted, whatever its other claims and the time', () => {
    fc.assert(
      fc.property(
        role,
        ttl,
        issuedAt,
        fc.string(),
        fc.constantFrom('iss', 'aud'),
        fc.integer({ min: 0, max: 2 ** 41 }),
        (r, life, at, other, claim, now) => {
          fc.pre(other !== 'latchkey-identity' && other !== 'latchkey');
          expect(judgeClaims({ ...user(r, life, at), [claim]: other }, now).ok).toBe(false);
        },
      ),
    );
  });
});

const change = (fields: Partial<UserChange> = {}): UserChange => ({
  user_id: USER,
  role: 'member',
  active: true,
  ...fields,
});

describe('userTokenHolds and applyUserChange (properties)', () => {
  it('a token of a disabled user never holds, whatever its role and version', () => {
    fc.assert(
      fc.property(role, fc.nat(), fc.option(fc.nat(), { nil: undefined }), (r, cv, version) => {
        const user: UserChange = change({
          role: r,
          active: false,
          ...(version === undefined ? {} : { credential_version: version }),
        });
        expect(userTokenHolds({ role: r, credentialVersion: cv }, user)).toBe(false);
      }),
    );
  });

  it('a token older than its user’s credential version never holds; one as new or newer does', () => {
    fc.assert(
      fc.property(role, fc.nat(1000), fc.nat(1000), (r, cv, version) => {
        const user = change({ role: r, credential_version: version });
        expect(userTokenHolds({ role: r, credentialVersion: cv }, user)).toBe(cv >= version);
      }),
    );
  });

  it('a token issued with another role than the user’s never holds', () => {
    fc.assert(
      fc.property(role, role, fc.nat(), (tokenRole, userRole, cv) => {
        fc.pre(tokenRole !== userRole);
        expect(userTokenHolds({ role: tokenRole, credentialVersion: cv }, change({ role: userRole }))).toBe(
          false,
        );
      }),
    );
  });

  it('versions only grow: whatever order changes arrive in, the version known is the highest heard', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.nat(100), { nil: undefined }), { minLength: 1, maxLength: 12 }),
        (versions) => {
          let known: KnownUser | undefined;
          versions.forEach((version, i) => {
            const next = applyUserChange(
              known,
              change(version === undefined ? {} : { credential_version: version }),
              NOW + i,
            );
            if (next) known = next;
          });
          const heard = versions.filter((v): v is number => v !== undefined);
          expect(known?.credentialVersion).toBe(heard.length > 0 ? Math.max(...heard) : undefined);
        },
      ),
    );
  });
});
