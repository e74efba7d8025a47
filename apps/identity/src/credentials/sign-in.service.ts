import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ErrorCode, type ChangeContext } from '@latchkey/contracts';
import { ProblemException } from '@latchkey/runtime';
import type { AuthenticatedUser } from '../access';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { OrganisationRepository, policyOf, userTokenTtlSeconds } from '../organisations';
import {
  decoyPasswordHash,
  hashPassword,
  UserRepository,
  UsersService,
  verifyPassword,
  type User,
} from '../users';
import { CredentialThrottle } from './login-throttle';
import {
  accountOf,
  currentPasswordRefusal,
  decideSignIn,
  newPasswordProblem,
  signInRefusal,
  userTokenGrantOf,
} from './sign-in';
import { admitted, settledOnError, throttleLimitsOf } from './throttled-attempt';
import { TokenIssuanceLog } from './token-issuance.service';
import { TokenSigner } from './token-signer.service';

/** A user token as the answer carries it. */
export interface UserTokenAnswer {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/**
 * Passwords: sign-in and a user's own password change, on one throttle budget per account; each
 * success answers with a user token of the user's current role and credential version.
 */
@Injectable()
export class SignInService implements OnModuleInit {
  private readonly throttle: CredentialThrottle;

  constructor(
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
    private readonly userRows: UserRepository,
    private readonly organisations: OrganisationRepository,
    private readonly users: UsersService,
    private readonly signer: TokenSigner,
    private readonly issuance: TokenIssuanceLog,
  ) {
    this.throttle = new CredentialThrottle(throttleLimitsOf(config));
  }

  /** The decoy hash exists before the first sign-in: an unknown email never pays for two hashes. */
  async onModuleInit(): Promise<void> {
    await decoyPasswordHash();
  }

  /** A user token for the right password of an active user; one refusal for everything else. */
  async signIn(email: string, password: string, ip: string): Promise<UserTokenAnswer> {
    const account = accountOf(email);
    const attempt = admitted(this.throttle.begin(account, ip));
    const decision = await settledOnError(attempt, async () => {
      const found = await this.userRows.findByEmail(account);
      // Every refusal costs one argon2id verification of the same parameters: an unknown email
      // against the decoy, a disabled user against their own hash (their right password too).
      const matches = await verifyPassword(found?.passwordHash ?? (await decoyPasswordHash()), password);
      return decideSignIn(found, matches);
    });
    if (!decision.admitted) {
      attempt.failed();
      throw signInRefusal(decision.reason);
    }
    attempt.succeeded();
    return this.userTokenFor(decision.user, ip);
  }

  /**
   * The signed-in user changes their password, proving the current one (throttled like a
   * sign-in, on the same budget). Every token they held stops working, this one included; the
   * answer holds a new token.
   */
  async changePassword(
    actor: AuthenticatedUser,
    input: { current_password: string; new_password: string },
    ctx: ChangeContext,
    ip: string,
  ) {
    const user = await this.userRows.find(actor.orgId, actor.id);
    if (!user) throw new ProblemException(ErrorCode.InvalidToken, 'a valid user token is required');
    const attempt = admitted(this.throttle.begin(user.email, ip));
    if (!(await settledOnError(attempt, () => verifyPassword(user.passwordHash, input.current_password)))) {
      attempt.failed();
      throw currentPasswordRefusal();
    }
    attempt.succeeded();
    const problem = newPasswordProblem(input.current_password, input.new_password);
    if (problem) throw problem;
    const changed = await this.users.changeOwnPassword(actor, await hashPassword(input.new_password), ctx);
    return { ...(await this.userTokenFor(changed.user, ip)), ...changed.propagation };
  }

  /** A user token of the user's current role and credential version, recorded before it leaves. */
  private async userTokenFor(user: User, ip: string): Promise<UserTokenAnswer> {
    const org = await this.organisations.get(user.orgId);
    const ttl = userTokenTtlSeconds(policyOf(org), user.kind);
    await this.issuance.record({ kind: 'user_token', orgId: user.orgId, subjectId: user.id, ip });
    const accessToken = await this.signer.signUserToken(userTokenGrantOf(user), ttl);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ttl };
  }
}
