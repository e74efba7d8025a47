import { type CanActivate, type ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ErrorCode, MANAGING_ROLES } from '@latchkey/contracts';
import { endpointsFor, ProblemException, routeDeclarationOf } from '@latchkey/runtime';
import type { AuthenticatedUser } from './authenticated-user';

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

/**
 * The signed-in user's role is one the route declares (403 forbidden otherwise). Runs after
 * UserTokenGuard: the roles come from the very declaration the OpenAPI document publishes as
 * `x-latchkey-roles`, so what a client reads there is what is enforced.
 */
@Injectable()
export class DeclaredRoleGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const access = routeDeclarationOf(context.getHandler())?.access;
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (access?.kind !== 'user' || !user || !access.roles.includes(user.role)) {
      throw new ProblemException(
        ErrorCode.Forbidden,
        refusalFor(access?.kind === 'user' ? access.roles : []),
      );
    }
    return true;
  }
}

function refusalFor(roles: readonly string[]): string {
  const managers = roles.length === MANAGING_ROLES.length && MANAGING_ROLES.every((r) => roles.includes(r));
  return managers
    ? 'only organisation owners and admins may do this'
    : `only these roles may do this: ${roles.join(', ')}`;
}

/**
 * Identity's routes, each served from its declaration (@latchkey/api-routes identity-routes.ts): a user route needs
 * a valid user token in the Authorization header (401 invalid_token) of a role it declares (403).
 */
export const IdentityEndpoint = endpointsFor({ user: () => [UserTokenGuard, DeclaredRoleGuard] });

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
