import { z } from 'zod';
import {
  AUDIT_CHECKPOINT_KEYS_PATH,
  auditEventViewSchema,
  chainVerificationViewSchema,
  checkpointListViewSchema,
  cursorParam,
  decisionViewSchema,
  defineRoute,
  idParams,
  isoDateTime,
  jwksViewSchema,
  keyUsageViewSchema,
  pageViewSchema,
  type Route,
  streamed,
} from '@latchkey/contracts';
import { eventFilterFields } from './event-filters';

/**
 * Every route audit serves, declared once (ADR 0018): the controllers serve them with
 * @AuditEndpoint, the OpenAPI document is built from this list. Every route but the published
 * checkpoint keys is read with an API key holding `audit:read`, through the gateway, which signs
 * the principal audit trusts; what a caller reads is always its own organisation's trail.
 */

const auditRead = { kind: 'key', scope: 'audit:read', upstream: 'audit' } as const;
/**
 * Explanations of refusals name the rule and the key's state then: for those who govern keys
 * (owners and admins hold every scope) and keys granted it, not for everyone who reads the trail
 * (members and viewers hold `audit:read`, ADR 0019).
 */
const auditDecisions = { kind: 'key', scope: 'audit:decisions', upstream: 'audit' } as const;

// ---- events --------------------------------------------------------------------------------------

export const listEventsQuery = z.strictObject({
  ...eventFilterFields,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  order: z.enum(['desc', 'asc']).default('desc'),
  cursor: cursorParam(),
});

export const exportEventsQuery = z.strictObject({
  ...eventFilterFields,
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
  order: z.enum(['desc', 'asc']).default('asc'),
});

export const tailEventsQuery = z.strictObject({ ...eventFilterFields });

export const listEvents = defineRoute({
  method: 'GET',
  path: '/audit/events',
  operationId: 'listAuditEvents',
  summary: 'Query audit events, newest first by default, a page at a time',
  tags: ['audit'],
  access: auditRead,
  query: listEventsQuery,
  responses: { 200: pageViewSchema(auditEventViewSchema) },
  problems: { 400: 'invalid_request: a filter, limit or cursor that does not parse' },
});

export const exportEvents = defineRoute({
  method: 'GET',
  path: '/audit/events/export',
  operationId: 'exportAuditEvents',
  summary: 'Export every matching audit event as NDJSON or CSV (streamed, oldest first by default)',
  description:
    "`format=ndjson` (default) answers `application/x-ndjson`, `format=csv` answers `text/csv` (every cell quoted; text that starts like a formula is prefixed with `'`). Sent as an attachment; HEAD answers the headers only.",
  tags: ['audit'],
  access: auditRead,
  query: exportEventsQuery,
  responses: {
    200: streamed(
      ['application/x-ndjson', 'text/csv'],
      auditEventViewSchema,
      'One event per line: a JSON object (NDJSON), or a CSV row after a header row (id, seq, type, occurred_at, received_at, key_id, actor_id, outcome, subject, source, chain_seq, hash, data as JSON)',
    ),
  },
});

export const tailEvents = defineRoute({
  method: 'GET',
  path: '/audit/events/stream',
  operationId: 'tailAuditEvents',
  summary: 'Live tail: matching events as they are stored (Server-Sent Events)',
  description:
    'Each event is sent with `id` (its seq) and `event` (its type). Send `Last-Event-ID` (a seq) to resume after it; without it the tail starts after the newest stored event. The stream ends when the credential’s principal expires or its key or user changes; reconnect through the gateway.',
  tags: ['audit'],
  access: auditRead,
  query: tailEventsQuery,
  responses: {
    200: streamed(
      ['text/event-stream'],
      auditEventViewSchema,
      'Server-Sent Events: `id: <seq>`, `event: <type>`, `data: <the event as JSON>`; comments as heartbeats',
    ),
  },
  problems: { 400: 'invalid_request: a filter that does not parse, or a Last-Event-ID that is not a seq' },
});

// ---- usage ---------------------------------------------------------------------------------------

export const keyUsageQuery = z.strictObject({
  period: z.enum(['hour', 'day']).default('day'),
  since: isoDateTime().optional(),
  until: isoDateTime().optional(),
});

export const getKeyUsage = defineRoute({
  method: 'GET',
  path: '/audit/keys/:id/usage',
  operationId: 'getKeyUsage',
  summary: 'Requests made with a key, by hour or by day, and by status',
  tags: ['audit'],
  access: auditRead,
  params: idParams,
  query: keyUsageQuery,
  responses: { 200: keyUsageViewSchema },
});

// ---- tamper evidence -----------------------------------------------------------------------------

export const checkpointsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const verifyChain = defineRoute({
  method: 'GET',
  path: '/audit/verify',
  operationId: 'verifyAuditChain',
  summary: 'Recompute the organisation’s hash chain and check its newest signed checkpoint',
  tags: ['audit'],
  access: auditRead,
  responses: { 200: chainVerificationViewSchema },
});

export const listCheckpoints = defineRoute({
  method: 'GET',
  path: '/audit/checkpoints',
  operationId: 'listAuditCheckpoints',
  summary: 'Signed chain checkpoints, newest first, and the public key that verifies them',
  tags: ['audit'],
  access: auditRead,
  query: checkpointsQuery,
  responses: { 200: checkpointListViewSchema },
});

export const checkpointKeys = defineRoute({
  method: 'GET',
  path: AUDIT_CHECKPOINT_KEYS_PATH,
  operationId: 'getAuditCheckpointKeys',
  summary: 'The public keys (JWKS) that verify audit checkpoints and retention cuts',
  description:
    'The current key first, then retired ones, which older checkpoints still need. Keep it, and checkpoints, outside Latchkey.',
  tags: ['audit'],
  access: { kind: 'public' },
  responses: { 200: jwksViewSchema },
});

// ---- decisions (ADR 0023) ------------------------------------------------------------------------

export const getDecision = defineRoute({
  method: 'GET',
  path: '/admin/decisions/:id',
  operationId: 'getDecision',
  summary: 'Why the gateway refused a request: the rule, the key and its state then (owners, admins)',
  description:
    'The `decision_id` of a 401, 403 or 429 answer (body and `Latchkey-Decision-Id` header) names the refusal record the request was counted in. The record reaches the audit trail when the gateway flushes its denial window (`USAGE_FLUSH_MS`, 10 s by default): until then this answers 404. Another organisation’s decision is 404 too. Owners and admins (user tokens) and keys holding `audit:decisions` read it; members and viewers (who read the trail) cannot.',
  tags: ['audit'],
  access: auditDecisions,
  params: idParams,
  responses: { 200: decisionViewSchema },
});

/** Every route audit serves, in the order of its document. */
export const AUDIT_ROUTES: readonly Route[] = [
  listEvents,
  exportEvents,
  tailEvents,
  getKeyUsage,
  verifyChain,
  listCheckpoints,
  checkpointKeys,
  getDecision,
];
