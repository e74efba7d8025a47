import type { FastifyReply, FastifyRequest } from 'fastify';
import { normalisePath } from '@latchkey/auth-core';
import { type Audience, ErrorCode, problem, type Principal } from '@latchkey/contracts';
import { sendMethodNotAllowed, sendProblem } from '@latchkey/runtime';
import { parseCredential, type CacheResult, type CachedKey } from '../authentication';
import {
  accessTokenHolds,
  checkKeyConstraints,
  checkKeyState,
  checkQuarantine,
  checkScope,
  errorCodeFor,
  type DenyReason,
} from '../authorization';
import { routeLabel } from '../usage';
import type { GatewayRuntime } from './gateway-runtime';
import { refuse, setRateHeaders, clientIpOfRequest, type RefusalSource } from './refusals';

/** What authorization decided, carried from the onRequest hook to the handler and onResponse. */
export interface Authorized {
  audience: Audience;
  principal: string;
  keyId?: string;
  orgId: string;
  route: string;
  /** The normalised path that was authorized (and is forwarded). */
  path: string;
  clientIp: string;
  /** The key is quarantined after a leak: its use is flagged in `key.used`. */
  quarantined?: true;
}

declare module 'fastify' {
  interface FastifyRequest {
    latchkey: Authorized | null;
  }
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

type Deny = (reason: DenyReason, via?: Omit<RefusalSource, 'clientIp'>) => void;

/**
 * The route-level onRequest hook, callback style: a warm key (cached, its principal signed) is
 * decided synchronously, with no promise, adoption or microtask per request; a promise only where
 * something is awaited (a cold key, a token, a principal to sign). A throw or a rejection goes to
 * Fastify's error handling as an async hook's would.
 */
export function authorizeHook(
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
    // A canary key's use raises its alarm (ADR 0024); its answer below is an unknown key's.
    if (reason === 'canary' && via.key) rt.canaries.trip(via.key.org_id, via.key.key_id, clientIp, request);
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
  if (!state.ok) return void deny(state.reason, { orgId: s.org_id, keyId: s.key_id, key: s });
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
  const holds = accessTokenHolds(cachedKey, verified.secretId, verified.issuedAt, now);
  if (!holds.ok) return void deny(holds.reason, { token: true, orgId: s.org_id, keyId: s.key_id });
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
        ...(cachedKey ? { keyId: cachedKey.snapshot.key_id, key: cachedKey.snapshot } : {}),
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
  const constrained = cachedKey
    ? checkKeyConstraints(cachedKey, match, path, clientIp)
    : checkScope(principal.scopes, match);
  const allowed = constrained.ok && cachedKey ? checkQuarantine(cachedKey, request.method) : constrained;
  if (!allowed.ok) {
    deny(allowed.reason, {
      orgId: principal.org_id,
      ...(principal.key_id ? { keyId: principal.key_id } : {}),
      ...(cachedKey ? { key: cachedKey.snapshot } : {}),
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
      ...(cachedKey?.snapshot.quarantined === true ? { quarantined: true as const } : {}),
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
