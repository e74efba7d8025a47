import {
  type CanActivate,
  createParamDecorator,
  type DynamicModule,
  type ExecutionContext,
  Global,
  Inject,
  Injectable,
  Module,
} from '@nestjs/common';
import type { JWK } from 'jose';
import { LRUCache } from 'lru-cache';
import { ErrorCode, Header, SYSTEM_ORG_ID, type Audience, type Principal } from '@latchkey/contracts';
import { importVerifyKeys, verifyPrincipal, type VerifyKeys } from '@latchkey/auth-core';
import { Access } from './access';
import { ProblemException } from './problems';

export interface PrincipalSettings {
  audience: Audience;
  /** The gateway's public keys: a principal signed by any of them (chosen by kid) is accepted. */
  publicJwks: readonly JWK[];
}

const PRINCIPAL_SETTINGS = Symbol('PRINCIPAL_SETTINGS');

/**
 * Verifies the gateway-signed X-Latchkey-Principal. A verified principal is cached by its exact
 * string until it expires: the gateway reuses one for many requests, so most checks are a Map hit.
 */
@Injectable()
export class PrincipalVerifier {
  private keys: VerifyKeys | undefined;
  /** Verified principals by their exact string; when full, the least recently used goes. */
  private readonly cache = new LRUCache<string, { principal: Principal; expiresAt: number }>({ max: 50_000 });

  constructor(@Inject(PRINCIPAL_SETTINGS) private readonly settings: PrincipalSettings) {}

  async verify(token: string | undefined, now = Date.now()): Promise<Principal | undefined> {
    return (await this.verifyWithExpiry(token, now))?.principal;
  }

  /** The principal and when it expires (ms since the epoch): a long-lived response must not outlive it. */
  async verifyWithExpiry(
    token: string | undefined,
    now = Date.now(),
  ): Promise<{ principal: Principal; expiresAt: number } | undefined> {
    if (!token) return undefined;
    const cached = this.cache.get(token);
    if (cached) {
      if (cached.expiresAt > now) return cached;
      this.cache.delete(token);
    }
    this.keys ??= importVerifyKeys(this.settings.publicJwks);
    const result = verifyPrincipal(token, this.settings.audience, this.keys, Math.floor(now / 1000));
    if (!result.ok) return undefined;
    const verified = { principal: result.principal, expiresAt: result.expiresAt };
    this.cache.set(token, verified);
    return verified;
  }
}

/** Backends trust only the gateway: a request without a valid principal gets 401. */
@Injectable()
export class PrincipalGuard implements CanActivate {
  constructor(private readonly verifier: PrincipalVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, unknown>; principal?: Principal; principalExpiresAt?: number }>();
    const header = request.headers[Header.Principal];
    const verified = await this.verifier.verifyWithExpiry(typeof header === 'string' ? header : undefined);
    // No one acts for the system tenant: its trail is for operators, never served by a tenant API.
    if (!verified || verified.principal.org_id === SYSTEM_ORG_ID) {
      throw new ProblemException(
        ErrorCode.InvalidToken,
        'requests must come through the Latchkey gateway',
        {},
        {
          'www-authenticate': 'Bearer error="invalid_token"',
        },
      );
    }
    request.principal = verified.principal;
    request.principalExpiresAt = verified.expiresAt;
    return true;
  }
}

/**
 * A route behind the gateway: the gateway checked the credential (an API key's scope and instance,
 * or a webhook connection's signature) and signed a principal, which PrincipalGuard verifies.
 */
export const PrincipalAccess = (credential: 'key' | 'webhook') =>
  Access({ kind: 'principal', credential }, PrincipalGuard);

/**
 * When the current request's principal expires (ms since the epoch; behind PrincipalGuard): a
 * streamed response ends then, so the client comes back through the gateway, which checks the
 * credential again (a revoked key's stream does not outlive its principal).
 */
export const PrincipalExpiresAt = createParamDecorator(
  (_data: unknown, context: ExecutionContext): number =>
    context.switchToHttp().getRequest<{ principalExpiresAt: number }>().principalExpiresAt,
);

/** The verified principal of the current request (use behind PrincipalGuard). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<{ principal: Principal }>().principal,
);

@Global()
@Module({})
export class PrincipalModule {
  static forRoot(settings: PrincipalSettings): DynamicModule {
    return {
      module: PrincipalModule,
      providers: [{ provide: PRINCIPAL_SETTINGS, useValue: settings }, PrincipalVerifier, PrincipalGuard],
      exports: [PrincipalVerifier, PrincipalGuard],
    };
  }
}
