import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasQueryCredential, parseCredential } from '../authentication';
import { denialRoute } from '../usage';
import type { GatewayRuntime } from './gateway-runtime';
import { clientIpOfRequest, refuse, setRateHeaders } from './refusals';

/** Identity's answers that are refusals: audited as `auth.denied` with reason `identity_refused`. */
const IDENTITY_REFUSALS = new Set([401, 403, 429]);

/**
 * The handler of identity's routes (login, admin routes, JWKS), made once at registration.
 * Identity authenticates its own users; a credential in the query string is refused here as on
 * every other route (it would end up in logs and histories). What identity refuses (a failed
 * sign-in, an invalid user token, a role that may not, a throttled login) is audited like the
 * gateway's own refusals.
 */
export function identityHandler(rt: GatewayRuntime) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const clientIp = clientIpOfRequest(rt, request);
    if (hasQueryCredential(request.url)) {
      refuse(rt, request, reply, 'in_query', { clientIp });
      return reply;
    }
    // A user token on the admin API counts against its user's limit, as on /v1 and /audit. Identity
    // authenticates the request itself: a token that does not verify here is forwarded as it is.
    if (request.url.startsWith('/admin')) {
      const credential = parseCredential(request.headers, request.url);
      const verified = credential.kind === 'token' ? await rt.tokens.verify(credential.token) : undefined;
      if (verified?.kind === 'user') {
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
      }
    }
    // Identity believes the client address and request ids only from this signed assertion.
    const forwarded = await rt.signer.forwardingAssertion({
      client_ip: clientIp,
      request_id: request.id,
      ...(request.clientRequestId !== undefined ? { client_request_id: request.clientRequestId } : {}),
    });
    await rt.proxy.forward(request, reply, {
      target: rt.config.IDENTITY_URL,
      keepAuthorization: true,
      clientIp,
      forwarded,
    });
    // Tied to no organisation here (identity knows whose sign-in failed): grouped by source network.
    if (IDENTITY_REFUSALS.has(reply.statusCode)) {
      rt.usage.recordDenial(
        undefined,
        undefined,
        'identity_refused',
        reply.statusCode,
        denialRoute(request.method, request.url, rt.matcher),
        clientIp,
        request,
      );
    }
    return reply;
  };
}
