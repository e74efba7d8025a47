import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalisePath, type RateDecision } from '@latchkey/auth-core';
import {
  AUDIT_CHECKPOINT_KEYS_PATH,
  Audience,
  ErrorCode,
  problem,
  type Principal,
} from '@latchkey/contracts';
import { problemForFrameworkError, sendMethodNotAllowed, sendProblem } from '@latchkey/runtime';
import {
  accessTokenSecretHolds,
  checkKeyConstraints,
  checkKeyState,
  checkScope,
  errorCodeFor,
  type DenyReason,
} from '../authorization/decide';
import { hasQueryCredential, parseCredential } from '../credentials/credential-parser';
import type { CacheResult, CachedKey } from '../key-cache/key-cache';
import { denialRoute, routeLabel } from '../usage/denial-route';
import { clientIpOf } from './client-ip';
import type { GatewayRuntime } from './gateway-runtime';

export const MAX_BODY_BYTES = 1024 * 1024;

/** What authorization decided, carried from the onRequest hook to the handler and onResponse. */
interface Authorized {
  audience: Audience;
  principal: string;
  keyId?: string;
  orgId: string;
  route: string;
  /** The normalised path that was authorized (and is forwarded). */
  path: string;
  clientIp: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    latchkey: Authorized | null;
  }
}

/** Identity's answers that are refusals: audited as `auth.denied` with reason `identity_refused`. */
const IDENTITY_REFUSALS = new Set([401, 403, 429]);
const BODY_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * The hot path as plain Fastify handlers (not the Nest router): parse the credential, verify it,
 * authorize the route, apply the rate limit, sign the principal, proxy.
 */
export function registerGatewayRoutes(fastify: FastifyInstance, rt: GatewayRuntime): void {
  fastify.decorateRequest('latchkey', null);
  void fastify.register(async (scope) => {
    // Bodies are forwarded as they came, at most 1 MiB (413 beyond, before anything is read).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) =>
      done(null, body),
    );
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

    // Identity authenticates its own users (login, admin routes, JWKS); a credential in the query
    // string is refused here as on every other route (it would end up in logs and histories).
    // What identity refuses (a failed sign-in, an invalid user token, a role that may not, a
    // throttled login) is audited like the gateway's own refusals.
    const toIdentity = async (request: FastifyRequest, reply: FastifyReply) => {
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
    for (const url of ['/auth/*', '/admin', '/admin/*', '/.well-known/*']) {
      scope.route({ method: [...BODY_METHODS], url, handler: toIdentity });
    }
    // The public key that verifies audit's signed checkpoints: published, for anyone to check them.
    // Every method goes to audit (not to identity under /.well-known/*), so another method than GET
    // is answered 405 with Allow by the service that serves the path.
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
          );
        }
        done();
      },
    };
    scope.route({ ...authorizedRoute, url: '/v1/*' });
    scope.route({ ...authorizedRoute, url: '/audit/*' });
  });
}

/** Who a credential stands for, once verified: the principal, and whose limit its requests count against. */
interface Verified {
  principal: Principal;
  /** The key (an API key, or the key an access token stands for); undefined for a user token. */
  cachedKey: CachedKey | undefined;
  signatures: Map<string, { token: string; refreshAt: number }>;
  /** A user token counts against its user's limit (a key against its own). */
  userId: string | undefined;
}

type Deny = (
  reason: DenyReason,
  via?: { token?: boolean; orgId?: string; keyId?: string; scope?: string; route?: string },
) => void;

/**
 * The route-level onRequest hook, callback style: a warm key (cached, its principal signed) is
 * decided synchronously, with no promise, adoption or microtask per request; a promise only where
 * something is awaited (a cold key, a token, a principal to sign). A throw or a rejection goes to
 * Fastify's error handling as an async hook's would.
 */
function authorizeHook(
  rt: GatewayRuntime,
  request: FastifyRequest,
  reply: FastifyReply,
  done: (error?: Error) => void,
): void {
  const pending = authorize(rt, request, reply);
  if (pending === undefined) done();
  else pending.then(() => done(), done);
}

/** Decides the request (sets `request.latchkey`, or answers it); a promise only when it has to wait. */
function authorize(
  rt: GatewayRuntime,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> | undefined {
  const clientIp = clientIpOfRequest(rt, request);
  const { AUTH_FAILURE_LIMIT, AUTH_FAILURE_WINDOW_SECONDS } = rt.config;
  const deny: Deny = (reason, via = {}) => {
    // The failed-authentication budget of the client address applies to failures, once the
    // credential has been looked at: a valid credential never meets it. Beyond it, a bad credential
    // is answered 429 (with the wait) instead of 401.
    const code = errorCodeFor(reason, via.token === true);
    if (code === ErrorCode.InvalidApiKey || code === ErrorCode.InvalidToken) {
      const failures = rt.authFailures.peek(clientIp, AUTH_FAILURE_LIMIT, AUTH_FAILURE_WINDOW_SECONDS);
      if (!failures.allowed) {
        reply.header('retry-after', failures.resetSeconds);
        return refuse(rt, request, reply, 'auth_throttled', { ...via, clientIp });
      }
    }
    return refuse(rt, request, reply, reason, { ...via, clientIp });
  };

  const credential = parseCredential(request.headers, request.url);
  const now = Date.now();
  switch (credential.kind) {
    case 'none':
      deny('no_credential');
      return undefined;
    case 'invalid':
      deny(credential.reason);
      return undefined;
    case 'token':
      return verifyToken(rt, credential.token, now, deny).then(
        (verified) => verified && decide(rt, request, reply, verified, clientIp, deny, now),
      );
    case 'secret':
    case 'pair': {
      const publicId = credential.kind === 'pair' ? credential.publicId : undefined;
      // Warm keys are decided without awaiting anything.
      const warm = rt.cache.peek(credential.secret);
      if (warm === undefined) {
        return rt.cache.get(credential.secret).then((result) => {
          const verified = verifyKey(result, publicId, now, deny);
          return verified && decide(rt, request, reply, verified, clientIp, deny, now);
        });
      }
      const verified = verifyKey({ ok: true, key: warm }, publicId, now, deny);
      return verified && decide(rt, request, reply, verified, clientIp, deny, now);
    }
  }
}

/** An API key's lookup: the key if it is usable, else undefined (the request refused). */
function verifyKey(
  result: CacheResult,
  publicId: string | undefined,
  now: number,
  deny: Deny,
): Verified | undefined {
  if (!result.ok) return void deny('lookup_failed');
  if (!result.key) return void deny('unknown_key');
  const cachedKey = result.key;
  const s = cachedKey.snapshot;
  const state = checkKeyState(cachedKey, now, publicId);
  if (!state.ok) return void deny(state.reason, { orgId: s.org_id, keyId: s.key_id });
  return { principal: cachedKey.principal, cachedKey, signatures: cachedKey.principals, userId: undefined };
}

/** A bearer token: a user's, or an access token standing for its key; undefined when refused. */
async function verifyToken(
  rt: GatewayRuntime,
  token: string,
  now: number,
  deny: Deny,
): Promise<Verified | undefined> {
  const verified = await rt.tokens.verify(token, now);
  if (!verified) return void deny('invalid_token', { token: true });
  if (verified.kind === 'user') {
    const principal = verified.principal;
    return { principal, cachedKey: undefined, signatures: verified.principals, userId: principal.subject };
  }
  // An access token stands for its key: the key's current state and constraints decide.
  const result = await rt.cache.getById(verified.keyId);
  if (!result.ok) return void deny('lookup_failed');
  if (!result.key || result.key.snapshot.org_id !== verified.orgId)
    return void deny('invalid_token', { token: true });
  const cachedKey = result.key;
  const s = cachedKey.snapshot;
  // The key must be usable, and the secret the token was exchanged with must not have ended.
  const state = checkKeyState(cachedKey, now);
  if (!state.ok || !accessTokenSecretHolds(s, verified.secretId, verified.issuedAt, now))
    return void deny('invalid_token', { token: true, orgId: s.org_id, keyId: s.key_id });
  return { principal: cachedKey.principal, cachedKey, signatures: cachedKey.principals, userId: undefined };
}

/** Rate limit, route and constraints of a verified credential; then its signed principal. */
function decide(
  rt: GatewayRuntime,
  request: FastifyRequest,
  reply: FastifyReply,
  { principal, cachedKey, signatures, userId }: Verified,
  clientIp: string,
  deny: Deny,
  now: number,
): Promise<void> | undefined {
  // Every request of a usable key or user token counts against its limit, whatever the answer (a 404
  // or 403 too), so every answer to it carries the RateLimit headers.
  const { USER_RATE_LIMIT, USER_RATE_LIMIT_WINDOW_SECONDS } = rt.config;
  const rate = cachedKey
    ? rt.limiter.take(
        cachedKey.snapshot.key_id,
        cachedKey.snapshot.rate_limit.limit,
        cachedKey.snapshot.rate_limit.window_seconds,
      )
    : userId !== undefined
      ? rt.limiter.take(userId, USER_RATE_LIMIT, USER_RATE_LIMIT_WINDOW_SECONDS)
      : undefined;
  if (rate) {
    setRateHeaders(reply, rate);
    if (!rate.allowed) {
      reply.header('retry-after', rate.resetSeconds);
      deny('rate_limited', {
        orgId: principal.org_id,
        ...(cachedKey ? { keyId: cachedKey.snapshot.key_id } : {}),
      });
      return undefined;
    }
  }

  const path = normalisePath(request.url);
  const match = path === undefined ? undefined : rt.matcher.match(request.method, path);
  if (!match || path === undefined) {
    const allowed = path === undefined ? [] : rt.matcher.allowedMethods(path);
    if (allowed.length > 0) void sendMethodNotAllowed(reply, request.method, allowed);
    else void sendProblem(reply, problem(ErrorCode.NotFound, 'no such route'));
    return undefined;
  }
  const allowed = cachedKey
    ? checkKeyConstraints(cachedKey, match, path, clientIp)
    : checkScope(principal.scopes, match);
  if (!allowed.ok) {
    deny(allowed.reason, {
      orgId: principal.org_id,
      ...(principal.key_id ? { keyId: principal.key_id } : {}),
      scope: match.route.scope,
      route: routeLabel(match.route),
    });
    return undefined;
  }

  const audience = match.route.upstream;
  const decided = (signed: string): void => {
    request.latchkey = {
      audience,
      principal: signed,
      orgId: principal.org_id,
      ...(principal.key_id ? { keyId: principal.key_id } : {}),
      route: routeLabel(match.route),
      path,
      clientIp,
    };
  };
  // Signed once per (credential, audience) and reused: awaited only when it has to be signed.
  const reused = rt.signer.reuse(audience, signatures, now);
  if (reused !== undefined) {
    decided(reused);
    return undefined;
  }
  return rt.signer.principalFor(principal, audience, signatures, now).then(decided);
}

function setRateHeaders(reply: FastifyReply, rate: RateDecision): void {
  reply.header('ratelimit-limit', rate.limit);
  reply.header('ratelimit-remaining', rate.remaining);
  reply.header('ratelimit-reset', rate.resetSeconds);
}

/** The client's address: the socket's, or X-Forwarded-For's behind a trusted proxy. */
function clientIpOfRequest(rt: GatewayRuntime, request: FastifyRequest): string {
  const forwardedFor = request.headers['x-forwarded-for'];
  rt.forwardedFor.check(request.socket.remoteAddress, forwardedFor, request.log);
  return clientIpOf(request.socket.remoteAddress, forwardedFor, rt.trustedProxies);
}

function refuse(
  rt: GatewayRuntime,
  request: FastifyRequest,
  reply: FastifyReply,
  reason: DenyReason,
  via: {
    token?: boolean;
    orgId?: string;
    keyId?: string;
    scope?: string;
    /** The matched route's label, when the refusal came after route matching. */
    route?: string;
    clientIp: string;
  },
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
  // Unknown, malformed, expired and revoked keys get one and the same answer; the reason is audited.
  const detail =
    code === ErrorCode.InvalidApiKey
      ? 'the API key is missing, malformed, unknown, expired or revoked'
      : undefined;
  void sendProblem(reply, problem(code, detail, extensions), headers);
  // Filed under a route template or a bounded bucket, never the raw path (up to 16 KiB, any value).
  const route = via.route ?? denialRoute(request.method, request.url, rt.matcher);
  // A refused request of a known key is still usage of that key (429s and 403s belong in its counts).
  if (via.keyId && via.orgId) {
    rt.usage.recordUse(via.orgId, via.keyId, reply.statusCode, route, via.clientIp, 0);
  }
  rt.usage.recordDenial(via.orgId, via.keyId, reason, reply.statusCode, route, via.clientIp, request);
}
