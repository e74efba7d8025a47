import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateDecision } from '@latchkey/auth-core';
import { ErrorCode, Header, problem, type KeySnapshot } from '@latchkey/contracts';
import { sendProblem } from '@latchkey/runtime';
import { errorCodeFor, type DenyReason } from '../authorization';
import { denialRoute } from '../usage';
import { clientIpOf } from './client-ip';
import type { GatewayRuntime } from './gateway-runtime';

/** Where a refusal came from: what the audit trail and the usage counts file it under. */
export interface RefusalSource {
  token?: boolean;
  orgId?: string;
  keyId?: string;
  scope?: string;
  /** The matched route's label, when the refusal came after route matching. */
  route?: string;
  clientIp: string;
  /** The key as it was decided on: its state explains the decision (ADR 0023). */
  key?: KeySnapshot;
}

export function setRateHeaders(reply: FastifyReply, rate: RateDecision): void {
  reply.header('ratelimit-limit', rate.limit);
  reply.header('ratelimit-remaining', rate.remaining);
  reply.header('ratelimit-reset', rate.resetSeconds);
}

/** The client's address: the socket's, or X-Forwarded-For's behind a trusted proxy. */
export function clientIpOfRequest(rt: GatewayRuntime, request: FastifyRequest): string {
  const forwardedFor = request.headers['x-forwarded-for'];
  rt.forwardedFor.check(request.socket.remoteAddress, forwardedFor, request.log);
  return clientIpOf(request.socket.remoteAddress, forwardedFor, rt.trustedProxies);
}

/** Answers a refused request (problem+json, the headers its code calls for) and records it. */
export function refuse(
  rt: GatewayRuntime,
  request: FastifyRequest,
  reply: FastifyReply,
  reason: DenyReason,
  via: RefusalSource,
): void {
  const code = errorCodeFor(reason, via.token === true);
  const headers: Record<string, string> = {};
  const extensions: Record<string, unknown> = {};
  const { AUTH_FAILURE_LIMIT, AUTH_FAILURE_WINDOW_SECONDS } = rt.config;
  if (code === ErrorCode.InvalidApiKey || code === ErrorCode.InvalidToken) {
    headers['www-authenticate'] = 'Bearer error="invalid_token"';
    rt.authFailures.take(via.clientIp, AUTH_FAILURE_LIMIT, AUTH_FAILURE_WINDOW_SECONDS);
  }
  // Without a usable key, the limit that applies is the client address's failed-authentication
  // budget: the same for unknown, expired and revoked keys, so the headers tell them apart no more
  // than the body does.
  if (!reply.hasHeader('ratelimit-limit')) {
    setRateHeaders(
      reply,
      rt.authFailures.peek(via.clientIp, AUTH_FAILURE_LIMIT, AUTH_FAILURE_WINDOW_SECONDS),
    );
  }
  if (code === ErrorCode.InsufficientScope && via.scope) {
    headers['www-authenticate'] = `Bearer error="insufficient_scope", scope="${via.scope}"`;
    extensions['required_scope'] = via.scope;
  }
  // Unknown, malformed, expired, revoked and canary keys get one and the same answer; the reason is
  // audited.
  const detail =
    code === ErrorCode.InvalidApiKey
      ? 'the API key is missing, malformed, unknown, expired or revoked'
      : undefined;
  const body = problem(code, detail, extensions);
  // Filed under a route template or a bounded bucket, never the raw path (up to 16 KiB, any value).
  const route = via.route ?? denialRoute(request.method, request.url, rt.matcher);
  // A refused request of a known key is still usage of that key (429s and 403s belong in its counts).
  if (via.keyId && via.orgId) {
    rt.usage.recordUse(via.orgId, via.keyId, body.status, route, via.clientIp, 0);
  }
  // The answer names the record the refusal is counted in (ADR 0023): nothing is stored per request.
  // An answer that must look the same for known and unknown keys gets an id of its own (an alias).
  const unlinkable =
    code === ErrorCode.InvalidApiKey || code === ErrorCode.InvalidToken || reason === 'auth_throttled';
  const decisionId = rt.usage.recordDenial(
    via.orgId,
    via.keyId,
    reason,
    body.status,
    route,
    via.clientIp,
    request,
    unlinkable
      ? { key: via.key, unlinkable }
      : via.key === undefined
        ? undefined
        : { key: via.key, requiredScope: reason === 'insufficient_scope' ? via.scope : undefined },
  );
  headers[Header.DecisionId] = decisionId;
  body['decision_id'] = decisionId;
  void sendProblem(reply, body, headers);
}
