import type { ApiRoute } from '@latchkey/contracts';
import { ALL_ROUTES } from './all-routes';
import { apiRouteOf } from './gateway-route';

/** The gateway's table from the key and webhook declarations (what table.ts's generated copy must equal). */
export function deriveApiRoutes(): ApiRoute[] {
  return ALL_ROUTES.flatMap((route) => apiRouteOf(route) ?? []);
}
