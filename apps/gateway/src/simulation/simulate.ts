import { normalisePath, type RateDecision, type RouteMatch, type RouteMatcher } from '@latchkey/auth-core';
import { describeError, type SimulationView } from '@latchkey/contracts';
import { checkKeyConstraints, checkKeyState, errorCodeFor, type KeyGrants } from '../authorization';
import type { CachedKey } from '../authentication';
import { keyStateOf, routeLabel } from '../usage';

/** A request to decide without making it. */
export interface SimulatedRequest {
  method: string;
  path: string;
  ip: string;
}

/**
 * What the gateway would answer `request` made with `key` at `now` (ADR 0023), decided by the same
 * functions and in the same order as the hot path (authorize-hook.ts): the key's state (a canary
 * first), its rate limit (`rate`: the limiter's answer read without taking), the route, then the
 * IP allow-list, allowed paths and scope. Pure: nothing is counted or recorded.
 */
export function simulateKeyRequest(
  key: CachedKey & KeyGrants,
  request: SimulatedRequest,
  matcher: Pick<RouteMatcher, 'matchOnce' | 'allowedMethods'>,
  rate: RateDecision,
  now: number,
): SimulationView {
  const s = key.snapshot;
  const base = {
    key_state: keyStateOf(s),
    rate_limit: {
      limit: s.rate_limit.limit,
      window_seconds: s.rate_limit.window_seconds,
      remaining: rate.remaining,
    },
  };
  const path = normalisePath(request.path);
  const match: RouteMatch | undefined =
    path === undefined
      ? undefined
      : matcher.matchOnce(request.method === 'HEAD' ? 'GET' : request.method, path);
  const route = match ? routeLabel(match.route) : null;
  const denied = (reason: Parameters<typeof errorCodeFor>[0], explanation: string, scope?: string) => {
    const code = errorCodeFor(reason, false);
    return {
      ...base,
      outcome: 'denied' as const,
      status: describeError(code).status,
      reason,
      error_code: code,
      explanation,
      route,
      required_scope: scope ?? null,
    };
  };

  const state = checkKeyState(key, now);
  if (!state.ok) return denied(state.reason, stateSentence(state.reason));
  if (!rate.allowed)
    return denied(
      'rate_limited',
      `Rate limit reached: ${s.rate_limit.limit} requests per ${s.rate_limit.window_seconds} s (retry in ${rate.resetSeconds} s).`,
    );
  if (!match || path === undefined) {
    const allowed = path === undefined ? [] : matcher.allowedMethods(path);
    return {
      ...base,
      outcome: 'no_route',
      status: allowed.length > 0 ? 405 : 404,
      reason: null,
      error_code: allowed.length > 0 ? 'method_not_allowed' : 'not_found',
      explanation:
        allowed.length > 0
          ? `${request.method} is not allowed on this path (allowed: ${allowed.join(', ')}).`
          : 'No route of the API matches this method and path.',
      route: null,
      required_scope: null,
    };
  }
  const allowed = checkKeyConstraints(key, match, path, request.ip);
  if (!allowed.ok) {
    switch (allowed.reason) {
      case 'ip_not_allowed':
        return denied('ip_not_allowed', `The address ${request.ip} is not in the key’s IP allow-list.`);
      case 'path_not_allowed':
        return denied('path_not_allowed', `The path ${path} is not in the key’s allowed paths.`);
      default:
        return denied(
          allowed.reason,
          `Scope missing: ${route} requires ${match.route.scope}.`,
          match.route.scope,
        );
    }
  }
  return {
    ...base,
    outcome: 'allowed',
    status: null,
    reason: null,
    error_code: null,
    explanation: `Allowed: forwarded to ${match.route.upstream} with the key’s principal (the service decides the rest).`,
    route,
    required_scope: match.route.scope,
  };
}

function stateSentence(reason: string): string {
  switch (reason) {
    case 'canary':
      return 'A canary key: it grants nothing; the request would be answered like an unknown key and raise key.canary_tripped.';
    case 'revoked':
      return 'The key is revoked.';
    case 'expired':
      return 'The key has expired.';
    default:
      return `Refused: ${reason}.`;
  }
}
