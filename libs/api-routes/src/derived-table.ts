import type { ApiRoute } from '@latchkey/contracts';
import { AUDIT_GATEWAY_ROUTES } from './audit/audit-routes';
import { DATA_API_ROUTES } from './data-api/data-api-routes';
import { apiRouteOf } from './gateway-route';

/** The gateway's table from the key and webhook declarations (what table.ts's generated copy must equal). */
export function deriveApiRoutes(): ApiRoute[] {
  return [...DATA_API_ROUTES, ...AUDIT_GATEWAY_ROUTES].flatMap((route) => apiRouteOf(route) ?? []);
}
