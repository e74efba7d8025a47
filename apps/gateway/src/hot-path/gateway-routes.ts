import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUDIT_CHECKPOINT_KEYS_PATH, ErrorCode, problem } from '@latchkey/contracts';
import { problemForFrameworkError, sendMethodNotAllowed, sendProblem } from '@latchkey/runtime';
import { authorizeHook, type Authorized } from './authorize-hook';
import type { GatewayRuntime } from './gateway-runtime';
import { identityHandler } from './identity-route';
import { clientIpOfRequest } from './refusals';
import { simulateHandler } from './simulate-route';

export const MAX_BODY_BYTES = 1024 * 1024;

const BODY_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Where a route of identity's goes: sign-ins, the admin API, identity's JWKS, leak reports. */
const IDENTITY_URLS = ['/auth/*', '/admin', '/admin/*', '/.well-known/*', '/security/*'];

/**
 * The hot path as plain Fastify handlers (not the Nest router): parse the credential, verify it,
 * authorize the route, apply the rate limit, sign the principal, proxy. Registering reads nothing
 * of `rt`: it is only used while answering a request.
 */
export function registerGatewayRoutes(fastify: FastifyInstance, rt: GatewayRuntime): void {
  fastify.decorateRequest('latchkey', null);
  void fastify.register(async (scope) => {
    forwardBodiesAsTheyCame(scope);
    answerErrorsAsProblems(scope);
    registerIdentityRoutes(scope, rt);
    // More specific than /admin/*: answered by the gateway (simulate) or forwarded to audit (decisions).
    scope.route({ method: 'POST', url: '/admin/keys/:id/simulate', handler: simulateHandler(rt) });
    // Its other methods are the gateway's to refuse too (405, Allow: POST), not identity's 404.
    scope.route({
      method: BODY_METHODS.filter((m) => m !== 'POST' && m !== 'OPTIONS'),
      url: '/admin/keys/:id/simulate',
      handler: (request, reply) => sendMethodNotAllowed(reply, request.method, ['POST']),
    });
    registerCheckpointKeysRoute(scope, rt);
    registerAuthorizedRoutes(scope, rt);
  });
}

/** Bodies are forwarded as they came, at most 1 MiB (413 beyond, before anything is read). */
function forwardBodiesAsTheyCame(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) =>
    done(null, body),
  );
}

function answerErrorsAsProblems(scope: FastifyInstance): void {
  scope.setErrorHandler((error: { code?: string; statusCode?: number }, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(
        reply,
        problem(ErrorCode.PayloadTooLarge, `request body exceeds ${MAX_BODY_BYTES} bytes`),
      );
    }
    // The client's fault, found before any handler ran (an unparseable Content-Type, say).
    const refusal = problemForFrameworkError(error);
    if (refusal) return sendProblem(reply, refusal);
    request.log.error({ err: error }, 'gateway error');
    return sendProblem(reply, problem(ErrorCode.Internal, 'an unexpected error occurred'));
  });
}

function registerIdentityRoutes(scope: FastifyInstance, rt: GatewayRuntime): void {
  const handler = identityHandler(rt);
  for (const url of IDENTITY_URLS) scope.route({ method: [...BODY_METHODS], url, handler });
}

/**
 * The public key that verifies audit's signed checkpoints: published, for anyone to check them.
 * Every method goes to audit (not to identity under /.well-known/*), so another method than GET
 * is answered 405 with Allow by the service that serves the path.
 */
function registerCheckpointKeysRoute(scope: FastifyInstance, rt: GatewayRuntime): void {
  scope.route({
    method: [...BODY_METHODS],
    url: AUDIT_CHECKPOINT_KEYS_PATH,
    handler: (request, reply) => {
      void rt.proxy.forward(request, reply, {
        target: rt.config.AUDIT_URL,
        keepAuthorization: false,
        clientIp: clientIpOfRequest(rt, request),
      });
    },
  });
}

/** /v1 and /audit: authorized by the gateway, forwarded with a signed principal, counted as usage. */
function registerAuthorizedRoutes(scope: FastifyInstance, rt: GatewayRuntime): void {
  const authorizedRoute = {
    method: [...BODY_METHODS],
    onRequest: (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) =>
      authorizeHook(rt, request, reply, done),
    // Callback style (nothing returned): Fastify waits for the reply, with no promise to adopt.
    handler: (request: FastifyRequest, reply: FastifyReply) => {
      const decided = request.latchkey as Authorized;
      void rt.proxy.forward(request, reply, {
        target: rt.upstreamFor(decided.audience),
        principal: decided.principal,
        keepAuthorization: false,
        clientIp: decided.clientIp,
        path: decided.path,
      });
    },
    // Callback style too: no promise (and microtask) per request for a synchronous count.
    onResponse: (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const decided = request.latchkey;
      if (decided?.keyId) {
        rt.usage.recordUse(
          decided.orgId,
          decided.keyId,
          reply.statusCode,
          decided.route,
          decided.clientIp,
          reply.elapsedTime,
          decided.quarantined === true,
        );
      }
      done();
    },
  };
  scope.route({ ...authorizedRoute, url: '/v1/*' });
  scope.route({ ...authorizedRoute, url: '/audit/*' });
  // A refusal's explanation (ADR 0023): audit holds the records; authorized like /audit.
  scope.route({ ...authorizedRoute, url: '/admin/decisions/*' });
}
