import type { GatewayRouteDeclaration } from '../gateway-route';

const auditRead = { kind: 'key', scope: 'audit:read', upstream: 'audit' } as const;

/**
 * Audit's key routes, as the gateway's table needs them. Until audit serves its routes from full
 * declarations (defineRoute, with their schemas and answers), these name only what the table
 * derives from: method, path, summary and access.
 */
export const AUDIT_GATEWAY_ROUTES: readonly GatewayRouteDeclaration[] = [
  { method: 'GET', path: '/audit/events', summary: 'Query audit events', access: auditRead },
  { method: 'GET', path: '/audit/events/export', summary: 'Export audit events', access: auditRead },
  { method: 'GET', path: '/audit/events/stream', summary: 'Live tail', access: auditRead },
  { method: 'GET', path: '/audit/keys/:id/usage', summary: 'Key usage', access: auditRead },
  { method: 'GET', path: '/audit/verify', summary: 'Verify the hash chain', access: auditRead },
  {
    method: 'GET',
    path: '/audit/checkpoints',
    summary: 'Signed chain checkpoints and the public key that verifies them',
    access: auditRead,
  },
];
