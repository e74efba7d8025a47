import { z } from 'zod';
import {
  defineRoute,
  idParams,
  MANAGING_ROLES,
  simulationViewSchema,
  text,
  type Route,
} from '@latchkey/contracts';
import { cidrText } from '../identity/key-requests';

/**
 * The routes the gateway answers itself (not forwarded), declared once (ADR 0018): its own
 * document is the product's, built from ALL_ROUTES.
 */

export const simulateRequestBody = z.strictObject({
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: text()
    .min(1)
    .max(2048)
    .refine((p) => p.startsWith('/'), 'a path starts with /'),
  ip: cidrText.refine((ip) => !ip.includes('/'), 'an address, not a block'),
});
export type SimulateRequestBody = z.infer<typeof simulateRequestBody>;

export const simulateKeyRequest = defineRoute({
  method: 'POST',
  path: '/admin/keys/:id/simulate',
  operationId: 'simulateKeyRequest',
  summary: 'What the gateway would decide for a request with this key, without making it',
  description:
    'Decided by the gateway’s own decision functions on the key as the gateway holds it: its state, a canary, the route, the IP allow-list, the allowed paths, the scope and the rate limit (read, not taken). Nothing is counted: no usage, no rate-limit token, no audit record (ADR 0023).',
  tags: ['keys'],
  access: { kind: 'user', roles: MANAGING_ROLES },
  params: idParams,
  body: simulateRequestBody,
  responses: { 200: simulationViewSchema },
  examples: { request: { method: 'GET', path: '/v1/leads', ip: '203.0.113.7' } },
});

/** Every route the gateway answers itself. */
export const GATEWAY_ROUTES: readonly Route[] = [simulateKeyRequest];
