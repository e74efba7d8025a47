import { type CanActivate, type ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ErrorCode } from '@latchkey/contracts';
import { ProblemException } from '@latchkey/runtime';
import type { AuthenticatedUser } from './bearer.strategy';
import { canManageKeys } from '../users/user.entity';

/** A valid user token is required (401 invalid_token otherwise). */
@Injectable()
export class UserTokenGuard extends AuthGuard('user-bearer') {
  override handleRequest<T>(error: unknown, user: T): T {
    if (error || !user) {
      throw new ProblemException(
        ErrorCode.InvalidToken,
        'a valid user token is required',
        {},
        {
          'www-authenticate': 'Bearer error="invalid_token"',
        },
      );
    }
    return user;
  }
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
