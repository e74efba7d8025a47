import type { IncomingMessage } from 'node:http';
import { Controller, Inject, Req, type OnModuleInit } from '@nestjs/common';
import { ErrorCode, type ChangeContext, type JwksView, type RouteInput } from '@latchkey/contracts';
import { hashUnderEach, isPublicId, parseSecret } from '@latchkey/auth-core';
import { Input, ProblemException } from '@latchkey/runtime';
import { changePassword, exchangeToken, jwks, login } from '@latchkey/api-routes';
import {
  ChangeContextOf,
  clientContextOf,
  CurrentUser,
  IdentityEndpoint,
  type AuthenticatedUser,
} from '../access';
import { configuredPeppers, IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { ApiKeyRepository, effectiveStatus } from '../keys';
import { OrganisationRepository, policyOf, userTokenTtlSeconds } from '../organisations';
import {
  decoyPasswordHash,
  hashPassword,
  UserRepository,
  UsersService,
  verifyPassword,
  type User,
} from '../users';
import { CredentialThrottle, type ThrottledAttempt, type ThrottleVerdict } from './login-throttle';
import { TokenIssuanceLog } from './token-issuance.service';
import { TokenSigner } from './token-signer.service';

interface ClientRequest {
  raw: IncomingMessage;
  id: string;
  ip: string;
}

/** The client's address as the gateway asserted it, else the socket's (never X-Forwarded-For). */
const clientIpOf = (request: ClientRequest): string => clientContextOf(request).client_ip;

/**
 * The one answer to a failed sign-in, whatever failed (unknown email, wrong password, disabled
 * user): same status, headers and body, so the answer tells nothing about the account.
 */
function invalidCredentials(): ProblemException {
  return new ProblemException(ErrorCode.InvalidCredentials, 'email or password is wrong');
}

@Controller()
export class AuthController implements OnModuleInit {
  /** Passwords: sign-in and password change share one budget per account. */
  private readonly signIns: CredentialThrottle;
  /** API keys at the token exchange: per public id (pair form) and per source. */
  private readonly exchanges: CredentialThrottle;

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly userRows: UserRepository,
    private readonly keyRows: ApiKeyRepository,
    private readonly organisations: OrganisationRepository,
    private readonly signer: TokenSigner,
    private readonly issuance: TokenIssuanceLog,
    private readonly users: UsersService,
  ) {
    const limits = {
      failuresBeforeDelay: config.LOGIN_FAILURES_BEFORE_DELAY,
      maxDelaySeconds: config.LOGIN_MAX_DELAY_SECONDS,
      accountMaxFailures: config.LOGIN_ACCOUNT_MAX_FAILURES,
      sourceMaxFailures: config.LOGIN_SOURCE_MAX_FAILURES,
      windowSeconds: config.LOGIN_FAILURE_WINDOW_SECONDS,
    };
    this.signIns = new CredentialThrottle(limits);
    this.exchanges = new CredentialThrottle(limits);
  }

  /** The decoy hash exists before the first sign-in: an unknown email never pays for two hashes. */
  async onModuleInit(): Promise<void> {
    await decoyPasswordHash();
  }

  @IdentityEndpoint(login)
  async login(@Input() { body }: RouteInput<typeof login>, @Req() request: ClientRequest) {
    const { email, password } = body;
    const account = email.toLowerCase();
    const ip = clientIpOf(request);
    const attempt = admitted(this.signIns.begin(account, ip));
    const user = await settledOnError(attempt, async () => {
      const found = await this.userRows.findByEmail(account);
      // Every refusal costs one argon2id verification of the same parameters: an unknown email
      // against the decoy, a disabled user against their own hash (their right password too).
      const valid = await verifyPassword(found?.passwordHash ?? (await decoyPasswordHash()), password);
      return found && valid && found.status === 'active' ? found : undefined;
    });
    if (!user) {
      attempt.failed();
      throw invalidCredentials();
    }
    attempt.succeeded();
    return this.userTokenFor(user, ip);
  }

  /**
   * The signed-in user changes their password, proving the current one (throttled like a
   * sign-in, on the same budget). Every token they held stops working, this one included; the
   * answer holds a new token.
   */
  @IdentityEndpoint(changePassword)
  async changePassword(
    @CurrentUser() actor: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { body: input }: RouteInput<typeof changePassword>,
    @Req() request: ClientRequest,
  ) {
    const user = await this.userRows.find(actor.orgId, actor.id);
    if (!user) throw new ProblemException(ErrorCode.InvalidToken, 'a valid user token is required');
    const ip = clientIpOf(request);
    const attempt = admitted(this.signIns.begin(user.email, ip));
    if (!(await settledOnError(attempt, () => verifyPassword(user.passwordHash, input.current_password)))) {
      attempt.failed();
      throw new ProblemException(ErrorCode.Forbidden, 'current_password: does not match');
    }
    attempt.succeeded();
    if (input.new_password === input.current_password) {
      throw new ProblemException(ErrorCode.InvalidRequest, 'new_password: must differ from the current one');
    }
    const changed = await this.users.changeOwnPassword(actor, await hashPassword(input.new_password), ctx);
    return { ...(await this.userTokenFor(changed.user, ip)), ...changed.propagation };
  }

  /** An API key (secret, or public id + secret) exchanged for a short-lived access token. */
  @IdentityEndpoint(exchangeToken)
  async token(@Input() { body: input }: RouteInput<typeof exchangeToken>, @Req() request: ClientRequest) {
    const secret = 'api_key' in input ? input.api_key : input.secret;
    const publicId = 'public_id' in input ? input.public_id : undefined;
    const ip = clientIpOf(request);
    // A bare key names no account: only its source's budget applies (its secret cannot be guessed).
    const attempt = admitted(this.exchanges.begin(publicId, ip));
    const refuse = () => {
      attempt.failed();
      return new ProblemException(
        ErrorCode.InvalidApiKey,
        'the API key is missing, malformed, unknown, expired or revoked',
        {},
        {
          'www-authenticate': 'Bearer error="invalid_token"',
        },
      );
    };
    if (!parseSecret(secret).ok || (publicId !== undefined && !isPublicId(publicId))) throw refuse();
    const now = new Date();
    const row = await settledOnError(attempt, () =>
      // Under every pepper: a key issued before a pepper rotation still exchanges (and moves to the new one).
      this.keyRows.findPresentedSecret(
        hashUnderEach(configuredPeppers(this.config), secret),
        configuredPeppers(this.config),
        now,
      ),
    );
    if (!row || (row.validUntil != null && row.validUntil <= now)) throw refuse();
    const key = await settledOnError(attempt, () => this.keyRows.find(row.keyId));
    if (
      !key ||
      effectiveStatus(key, now) !== 'active' ||
      (publicId !== undefined && publicId !== key.publicId)
    ) {
      throw refuse();
    }
    attempt.succeeded();
    // Never outlive the key or the secret it was exchanged with.
    const limits = [this.config.ACCESS_TOKEN_TTL_SECONDS];
    if (key.expiresAt) limits.push(Math.floor((key.expiresAt.getTime() - now.getTime()) / 1000));
    if (row.validUntil) limits.push(Math.floor((row.validUntil.getTime() - now.getTime()) / 1000));
    const ttl = Math.max(1, Math.min(...limits));
    // Recorded before the token leaves: every credential issued is in the audit trail.
    await this.issuance.record({
      kind: 'access_token',
      orgId: key.orgId,
      subjectId: key.id,
      secretId: row.id,
      ip,
    });
    const accessToken = await this.signer.signAccessToken(
      { key_id: key.id, org_id: key.orgId, scopes: key.scopes, sid: row.id },
      ttl,
    );
    return {
      access_token: accessToken,
      token_type: 'Bearer' as const,
      expires_in: ttl,
      scope: key.scopes.join(' '),
    };
  }

  @IdentityEndpoint(jwks)
  jwks(): JwksView {
    // jose types every JWK member as optional; exportJWK always sets kty (OKP for Ed25519).
    return { keys: this.signer.jwks().keys.map((key) => ({ ...key, kty: key.kty ?? 'OKP' })) };
  }

  /** A user token of the user's current role and credential version, recorded before it leaves. */
  private async userTokenFor(user: User, ip: string) {
    const org = await this.organisations.get(user.orgId);
    const ttl = userTokenTtlSeconds(policyOf(org), user.kind);
    await this.issuance.record({ kind: 'user_token', orgId: user.orgId, subjectId: user.id, ip });
    const accessToken = await this.signer.signUserToken(
      { sub: user.id, org_id: user.orgId, role: user.role, cv: user.credentialVersion },
      ttl,
    );
    return { access_token: accessToken, token_type: 'Bearer' as const, expires_in: ttl };
  }
}

/** Runs a step of an attempt; if it throws (not a refusal: an error), the attempt counts as nothing. */
async function settledOnError<T>(attempt: ThrottledAttempt, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    attempt.cancelled();
    throw error;
  }
}

/** The admitted attempt, or the throttle's 429 with a Retry-After that is enough to wait. */
function admitted(verdict: ThrottleVerdict) {
  if (verdict.allowed) return verdict.attempt;
  throw new ProblemException(
    ErrorCode.RateLimited,
    'too many attempts; try again later',
    {},
    { 'retry-after': String(verdict.retryAfterSeconds) },
  );
}
