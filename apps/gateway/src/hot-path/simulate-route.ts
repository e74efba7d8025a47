import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, MANAGING_ROLES, problem } from '@latchkey/contracts';
import { simulateKeyRequest as simulateRoute } from '@latchkey/api-routes';
import { sendProblem } from '@latchkey/runtime';
import { parseCredential } from '../authentication';
import { simulateKeyRequest } from '../simulation';
import type { GatewayRuntime } from './gateway-runtime';
import { clientIpOfRequest, refuse, setRateHeaders } from './refusals';

/**
 * `POST /admin/keys/:id/simulate` (ADR 0023), answered by the gateway itself: only the gateway holds
 * the key as it decides on it and the rate limit's current count. Owners and admins only (user
 * tokens); the caller's own request counts against their user limit like any /admin request, the
 * simulated one against nothing.
 */
export function simulateHandler(rt: GatewayRuntime) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const clientIp = clientIpOfRequest(rt, request);
    const credential = parseCredential(request.headers, request.url);
    if (credential.kind !== 'token') {
      refuse(rt, request, reply, credential.kind === 'none' ? 'no_credential' : 'invalid_token', {
        token: true,
        clientIp,
      });
      return reply;
    }
    const verified = await rt.tokens.verify(credential.token);
    if (verified?.kind !== 'user') {
      refuse(rt, request, reply, 'invalid_token', { token: true, clientIp });
      return reply;
    }
    const { subject, org_id } = verified.principal;
    const rate = rt.limiter.take(
      subject,
      rt.config.USER_RATE_LIMIT,
      rt.config.USER_RATE_LIMIT_WINDOW_SECONDS,
    );
    setRateHeaders(reply, rate);
    if (!rate.allowed) {
      reply.header('retry-after', rate.resetSeconds);
      refuse(rt, request, reply, 'rate_limited', { orgId: org_id, clientIp });
      return reply;
    }
    if (!MANAGING_ROLES.includes(verified.role)) {
      refuse(rt, request, reply, 'role_not_allowed', { orgId: org_id, clientIp });
      return reply;
    }
    const input = parseInput(request);
    if (typeof input === 'string') return sendProblem(reply, problem(ErrorCode.InvalidRequest, input));
    const found = await rt.cache.getById(input.id);
    if (!found.ok)
      return sendProblem(reply, problem(ErrorCode.UpstreamUnavailable, 'the key could not be looked up'));
    // Another organisation's key is not found, like one that does not exist.
    if (!found.key || found.key.snapshot.org_id !== org_id)
      return sendProblem(reply, problem(ErrorCode.NotFound, `key ${input.id} not found`));
    const s = found.key.snapshot;
    const keyRate = rt.limiter.peek(s.key_id, s.rate_limit.limit, s.rate_limit.window_seconds);
    return reply.send(simulateKeyRequest(found.key, input.body, rt.matcher, keyRate, Date.now()));
  };
}

/** The key id and the simulated request, by the route's declared schemas; a message when they do not parse. */
function parseInput(request: FastifyRequest) {
  const params = simulateRoute.params.safeParse(request.params);
  if (!params.success) return `id: ${params.error.issues[0]?.message ?? 'invalid'}`;
  let json: unknown;
  try {
    json = JSON.parse(
      Buffer.isBuffer(request.body) ? request.body.toString('utf8') : String(request.body ?? ''),
    );
  } catch {
    return 'the body is not JSON';
  }
  const body = simulateRoute.body.safeParse(json);
  if (!body.success) {
    const issue = body.error.issues[0];
    return `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`;
  }
  return { id: params.data.id, body: body.data };
}
