import { endpointsFor, PrincipalGuard } from '@latchkey/runtime';

/**
 * Audit's routes, each served from its declaration (audit/audit-routes.ts in @latchkey/api-routes). A key route is served
 * only to a principal the gateway signed after checking the key's scope (PrincipalGuard: 401
 * otherwise); audit admits no other credential.
 */
export const AuditEndpoint = endpointsFor({ key: () => [PrincipalGuard] });
