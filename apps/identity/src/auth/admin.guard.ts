import { type CanActivate, type ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ErrorCode } from '@latchkey/contracts';
import { ProblemException } from '@latchkey/runtime';
import type { AuthenticatedUser } from './bearer.strategy';
import { canManageKeys } from '../users/user.entity';

/**
 * A valid user token is required, in the Authorization header (401 invalid_token otherwise).
 * passport-http-bearer would also take `access_token` from the query string or the body; a token
 * there ends up in logs and browser histories, so such a request is refused before it.
 */
@Injectable()
export class UserTokenGuard extends AuthGuard('user-bearer') {
  override canActivate(context: ExecutionContext): ReturnType<CanActivate['canActivate']> {
    const request = context.switchToHttp().getRequest<{ query?: unknown; body?: unknown }>();
    if (hasField(request.query, 'access_token') || hasField(request.body, 'access_token')) {
      throw invalidToken('the user token belongs in the Authorization header, never in the query or body');
    }
    return super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error || !user) throw invalidToken('a valid user token is required');
    return user;
  }
}

function invalidToken(detail: string): ProblemException {
  return new ProblemException(
    ErrorCode.InvalidToken,
    detail,
    {},
    { 'www-authenticate': 'Bearer error="invalid_token"' },
  );
}

function hasField(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && name in value;
}

/** Only owners and admins govern keys and users. */
@Injectable()
export class AdminRoleGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (!user || !canManageKeys(user.role)) {
      throw new ProblemException(ErrorCode.Forbidden, 'only organisation owners and admins may do this');
    }
    return true;
  }
}

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
