import { ErrorCode, type UserTokenGrant } from '@latchkey/contracts';
import { ProblemException } from '@latchkey/runtime';

/**
 * Why a sign-in was refused. Known here, for the decision and its tests; never told to the
 * client (signInRefusal gives every reason one answer).
 */
export type SignInRefusalReason = 'unknown_email' | 'wrong_password' | 'not_active';

export type SignInDecision<U> =
  { admitted: true; user: U } | { admitted: false; reason: SignInRefusalReason };

/** The account a sign-in names: emails are stored lower-case. */
export function accountOf(email: string): string {
  return email.toLowerCase();
}

/**
 * A sign-in's outcome once the password was verified (against the user's hash, or the decoy's for
 * an unknown email): only an active user with the right password is admitted.
 */
export function decideSignIn<U extends { status: string }>(
  found: U | null | undefined,
  passwordMatches: boolean,
): SignInDecision<U> {
  if (!found) return { admitted: false, reason: 'unknown_email' };
  if (!passwordMatches) return { admitted: false, reason: 'wrong_password' };
  if (found.status !== 'active') return { admitted: false, reason: 'not_active' };
  return { admitted: true, user: found };
}

/**
 * The one answer to a refused sign-in, whatever the reason (unknown email, wrong password,
 * disabled user): same status, headers and body, so the answer tells nothing about the account.
 */
export function signInRefusal(_reason: SignInRefusalReason): ProblemException {
  return new ProblemException(ErrorCode.InvalidCredentials, 'email or password is wrong');
}

/** The refusal of a password change whose current password does not match. */
export function currentPasswordRefusal(): ProblemException {
  return new ProblemException(ErrorCode.Forbidden, 'current_password: does not match');
}

/** A new password must differ from the current one (checked once the current one is proven). */
export function newPasswordProblem(current: string, next: string): ProblemException | undefined {
  return next === current
    ? new ProblemException(ErrorCode.InvalidRequest, 'new_password: must differ from the current one')
    : undefined;
}

/** A user token's grant: the user's current role and credential version (a change of either ends it). */
export function userTokenGrantOf(user: {
  id: string;
  orgId: string;
  role: UserTokenGrant['role'];
  credentialVersion: number;
}): UserTokenGrant {
  return { sub: user.id, org_id: user.orgId, role: user.role, cv: user.credentialVersion };
}
