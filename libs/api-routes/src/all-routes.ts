import type { Route } from '@latchkey/contracts';
import { AUDIT_ROUTES } from './audit/audit-routes';
import { DATA_API_ROUTES } from './data-api/data-api-routes';
import { GATEWAY_ROUTES } from './gateway/gateway-routes';
import { IDENTITY_ROUTES } from './identity/identity-routes';

/**
 * Every route of every service, in the order of the product document: identity's, the data API's,
 * audit's. The gateway's table and its merged OpenAPI document are both built from this list.
 */
export const ALL_ROUTES: readonly Route[] = [
  ...IDENTITY_ROUTES,
  ...GATEWAY_ROUTES,
  ...DATA_API_ROUTES,
  ...AUDIT_ROUTES,
];
