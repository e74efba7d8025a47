import fc from 'fast-check';
import { USER_ROLES } from '@latchkey/contracts';
import {
  accountOf,
  decideSignIn,
  newPasswordProblem,
  signInRefusal,
  userTokenGrantOf,
  type SignInRefusalReason,
} from './sign-in';

const REASONS: SignInRefusalReason[] = ['unknown_email', 'wrong_password', 'not_active'];
const status = fc.constantFrom('active', 'disabled');
const user = fc.record({ id: fc.constant('usr_1'), status });

/** Everything of a refusal the client can see: status code, body's detail and extensions, headers. */
const seen = (problem: ReturnType<typeof signInRefusal>) => ({
  code: problem.code,
  detail: problem.detail,
  extensions: problem.extensions,
  headers: problem.headers,
  message: problem.message,
});

describe('the sign-in decision', () => {
  it('admits exactly an active user whose password matched', () => {
    fc.assert(
      fc.property(fc.option(user, { nil: null }), fc.boolean(), (found, matches) => {
        const decision = decideSignIn(found, matches);
        expect(decision.admitted).toBe(found !== null && matches && found.status === 'active');
        if (decision.admitted) expect(decision.user).toBe(found);
      }),
    );
  });

  it('a disabled user never gets a token, not even with their right password', () => {
    fc.assert(
      fc.property(fc.boolean(), (matches) => {
        expect(decideSignIn({ status: 'disabled' }, matches).admitted).toBe(false);
      }),
    );
    expect(decideSignIn({ status: 'disabled' }, true)).toEqual({ admitted: false, reason: 'not_active' });
  });

  it('an unknown email is refused whatever the password verification said', () => {
    expect(decideSignIn(null, true)).toEqual({ admitted: false, reason: 'unknown_email' });
    expect(decideSignIn(undefined, false)).toEqual({ admitted: false, reason: 'unknown_email' });
  });

  it('names the account by its lower-case email, as users are stored', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        expect(accountOf(email.toUpperCase())).toBe(accountOf(email));
        expect(accountOf(email)).toBe(email.toLowerCase());
      }),
    );
  });
});

describe('the refusal of a sign-in', () => {
  it('is identical whatever the reason: an unknown email, a wrong password and a disabled user look the same', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REASONS), fc.constantFrom(...REASONS), (a, b) => {
        expect(seen(signInRefusal(a))).toEqual(seen(signInRefusal(b)));
      }),
    );
    expect(seen(signInRefusal('not_active'))).toMatchObject({
      code: 'invalid_credentials',
      detail: 'email or password is wrong',
      headers: {},
    });
  });
});

describe('a password change', () => {
  it('refuses a new password equal to the current one, and only that', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (current, next) => {
        expect(newPasswordProblem(current, next) !== undefined).toBe(current === next);
      }),
    );
    expect(newPasswordProblem('same', 'same')?.detail).toBe('new_password: must differ from the current one');
  });
});

describe('a user token’s grant', () => {
  it('carries the user’s current role and credential version, for their organisation', () => {
    fc.assert(
      fc.property(fc.constantFrom(...USER_ROLES), fc.nat(), (role, credentialVersion) => {
        expect(userTokenGrantOf({ id: 'usr_1', orgId: 'org_1', role, credentialVersion })).toEqual({
          sub: 'usr_1',
          org_id: 'org_1',
          role,
          cv: credentialVersion,
        });
      }),
    );
  });
});
