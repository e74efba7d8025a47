/**
 * Who is asking, for every capability's routes: the guards and decorators of identity's endpoints,
 * the signed-in user and the change context of a request. Knows no capability.
 */
export { CurrentUser, DeclaredRoleGuard, IdentityEndpoint, UserTokenGuard } from './access.guards';
export type { AuthenticatedUser } from './authenticated-user';
export { ChangeContextOf } from './change-context';
export { clientContextOf, forwardedRequestIds, type ClientContext } from './client-context';
