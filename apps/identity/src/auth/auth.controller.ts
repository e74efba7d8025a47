import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ErrorCode } from '@latchkey/contracts';
import { hashSecret, isPublicId, parseSecret } from '@latchkey/auth-core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { parseInput, ProblemException, ZodBody } from '@latchkey/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { ApiKeySchema, ApiKeySecretSchema, effectiveStatus } from '../keys/api-key.entity';
import { OrganisationSchema, policyOf } from '../organisations/organisation.entity';
import { decoyPasswordHash, verifyPassword } from '../users/password-hasher';
import { UserSchema } from '../users/user.entity';
import { LoginThrottle } from './login-throttle';
import { TokenSigner } from './token-signer.service';

const loginBody = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

const tokenBody = z.union([
  z.strictObject({ api_key: z.string().min(1).max(200) }),
  z.strictObject({ public_id: z.string().min(1).max(200), secret: z.string().min(1).max(200) }),
]);

interface ClientRequest {
  ip: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The gateway sets X-Forwarded-For to the client address it decided on. */
function clientIpOf(request: ClientRequest): string {
  const forwarded = request.headers['x-forwarded-for'];
  return (typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined) || request.ip;
}

@ApiTags('auth')
@Controller()
export class AuthController {
  private readonly throttle: LoginThrottle;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly signer: TokenSigner,
  ) {
    this.throttle = new LoginThrottle(
      config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      config.LOGIN_MAX_ATTEMPTS_PER_IP,
      config.LOGIN_WINDOW_SECONDS,
    );
  }

  @Post('auth/login')
  @ApiOperation({ summary: 'Sign in: a user token (throttled per account and IP)' })
  @ZodBody(loginBody)
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() request: ClientRequest) {
    const { email, password } = parseInput(loginBody, body);
    const account = email.toLowerCase();
    this.enforceThrottle(clientIpOf(request), account);
    const em = this.orm.em.fork();
    const user = await em.findOne(UserSchema, { email: account });
    // Verify against a decoy hash for unknown emails: same cost, so timing reveals nothing.
    const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!user || !valid || user.status !== 'active') {
      this.throttle.recordFailure(account);
      throw new ProblemException(ErrorCode.InvalidCredentials, 'email or password is wrong');
    }
    const org = await em.findOneOrFail(OrganisationSchema, { id: user.orgId });
    const policy = policyOf(org);
    const ttl = user.kind === 'service' ? policy.service_token_ttl_seconds : policy.user_token_ttl_seconds;
    const accessToken = await this.signer.signUserToken(
      { sub: user.id, org_id: user.orgId, role: user.role },
      ttl,
    );
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ttl };
  }

  /** An API key (secret, or public id + secret) exchanged for a short-lived access token. */
  @Post('auth/token')
  @ApiOperation({ summary: 'Exchange an API key (or public id + secret) for a short-lived access token' })
  @ZodBody(tokenBody)
  @HttpCode(200)
  async token(@Body() body: unknown, @Req() request: ClientRequest) {
    const input = parseInput(tokenBody, body);
    const secret = 'api_key' in input ? input.api_key : input.secret;
    const publicId = 'public_id' in input ? input.public_id : undefined;
    this.enforceThrottle(clientIpOf(request), publicId ?? 'api-key');
    const refuse = () => {
      if (publicId) this.throttle.recordFailure(publicId);
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
    const em = this.orm.em.fork();
    const now = new Date();
    const row = await em.findOne(ApiKeySecretSchema, {
      secretHash: hashSecret(this.config.KEY_PEPPER, secret),
    });
    if (!row || (row.validUntil != null && row.validUntil <= now)) throw refuse();
    const key = await em.findOne(ApiKeySchema, { id: row.keyId, deletedAt: null });
    if (
      !key ||
      effectiveStatus(key, now) !== 'active' ||
      (publicId !== undefined && publicId !== key.publicId)
    ) {
      throw refuse();
    }
    // Never outlive the key or the secret it was exchanged with.
    const limits = [this.config.ACCESS_TOKEN_TTL_SECONDS];
    if (key.expiresAt) limits.push(Math.floor((key.expiresAt.getTime() - now.getTime()) / 1000));
    if (row.validUntil) limits.push(Math.floor((row.validUntil.getTime() - now.getTime()) / 1000));
    const ttl = Math.max(1, Math.min(...limits));
    const accessToken = await this.signer.signAccessToken(
      { key_id: key.id, org_id: key.orgId, scopes: key.scopes },
      ttl,
    );
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ttl, scope: key.scopes.join(' ') };
  }

  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'Token verification keys' })
  jwks() {
    return this.signer.jwks();
  }

  private enforceThrottle(ip: string, account: string): void {
    const verdict = this.throttle.attempt(ip, account);
    if (!verdict.allowed) {
      throw new ProblemException(
        ErrorCode.RateLimited,
        'too many attempts; try again later',
        {},
        {
          'retry-after': String(verdict.retryAfterSeconds),
        },
      );
    }
  }
}
