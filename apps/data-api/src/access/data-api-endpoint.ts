import { endpointsFor, PrincipalGuard } from '@latchkey/runtime';

/**
 * The data API's routes, each served from its declaration (@latchkey/api-routes data-api-routes.ts).
 * The gateway decided the scope; here a key or webhook route needs the gateway-signed principal
 * (PrincipalGuard: 401 without a valid one), of the declared kind of credential.
 */
export const DataApiEndpoint = endpointsFor({
  key: () => [PrincipalGuard],
  webhook: () => [PrincipalGuard],
});
