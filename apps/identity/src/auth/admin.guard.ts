import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  createParamDecorator,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { ErrorCode } from '@latchkey/contracts';
import { Access, ApiProblems, ProblemException, USER_TOKEN_SCHEME } from '@latchkey/runtime';
import type { AuthenticatedUser } from './bearer.strategy';
import { canManageKeys, MANAGING_ROLES, USER_ROLES } from '../users/user.entity';

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

/**
 * What a route behind a user token answers before its handler runs: the guard's 401, and the
 * gateway's 429 (a user token counts against its user's limit there).
 */
const USER_TOKEN_PROBLEMS = {
  401: 'invalid_token: missing, malformed, expired or revoked user token',
  429: 'rate_limited, with Retry-After',
} as const;

/** OpenAPI extension on every operation that needs a user token: the roles that may call it. */
export const ROLES_EXTENSION = 'x-latchkey-roles';

/**
 * An owners-and-admins route: a valid user token (401 invalid_token otherwise) of a managing role
 * (403 forbidden otherwise). The roles are published in the OpenAPI document as `x-latchkey-roles`,
 * from the same list the guard enforces, so a client (and the role-matrix test) reads there who may
 * call each route.
 */
export function AdminOnly() {
  return applyDecorators(
    ApiBearerAuth(USER_TOKEN_SCHEME),
    Access({ kind: 'user', roles: MANAGING_ROLES }, UserTokenGuard, AdminRoleGuard),
    ApiExtension(ROLES_EXTENSION, [...MANAGING_ROLES]),
    ApiProblems({ ...USER_TOKEN_PROBLEMS, 403: 'forbidden: a role that may not do this' }),
  );
}

/** A route for every signed-in user, whatever their role: a valid user token (401 otherwise). */
export function SignedIn() {
  return applyDecorators(
    ApiBearerAuth(USER_TOKEN_SCHEME),
    Access({ kind: 'user', roles: USER_ROLES }, UserTokenGuard),
    ApiExtension(ROLES_EXTENSION, [...USER_ROLES]),
    ApiProblems(USER_TOKEN_PROBLEMS),
  );
}

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
