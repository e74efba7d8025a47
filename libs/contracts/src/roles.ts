import { API_ROUTES } from './routes';
import type { UserRole } from './principal';

/**
 * The read scopes of the business data (routes served by the data API). The audit trail is not
 * business data: it names every key, user and client address of the organisation, so it is for
 * `audit:read` keys and owners/admins only.
 */
const BUSINESS_READ_SCOPES: readonly string[] = [
  ...new Set(
    API_ROUTES.filter((r) => r.upstream === 'data-api' && r.scope.endsWith(':read')).map((r) => r.scope),
  ),
].sort();

/**
 * What a signed-in user may do through the gateway, by role. Owners and admins hold every scope
 * of their organisation; members and viewers read business data and nothing else.
 */
export function scopesForRole(role: UserRole): string[] {
  switch (role) {
    case 'owner':
    case 'admin':
      return ['*'];
    case 'member':
    case 'viewer':
      return [...BUSINESS_READ_SCOPES];
  }
}
