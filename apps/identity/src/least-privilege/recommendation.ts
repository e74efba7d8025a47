import { IpAllowList, parseScope, PathGlob, scopeAllows } from '@latchkey/auth-core';

/** What a key may do: the fields a PATCH /admin/keys/:id can narrow. */
export interface Grants {
  scopes: readonly string[];
  allowed_paths: readonly string[];
  allowed_ips: readonly string[];
  rate_limit: { limit: number; window_seconds: number };
}

/** What the key did over the window, as identity recorded it from the gateways' `key.used`. */
export interface Exercised {
  /** Route labels (`GET /v1/projects/:id`) with the scope each requires (undefined: none or unknown). */
  routes: readonly { label: string; scope: string | undefined }[];
  ips: readonly string[];
  /** The most requests in one minute. */
  peakPerMinute: number;
  requests: number;
}

/** How much room a suggested rate limit leaves above the observed peak. */
export const RATE_HEADROOM = 2;
/** A suggested limit is never below this (a quiet key still needs to work). */
export const MIN_SUGGESTED_LIMIT = 10;

export interface Recommendation {
  unused_scopes: string[];
  unmatched_paths: string[];
  unseen_ips: string[];
  rate_limit: {
    current: Grants['rate_limit'];
    observed_peak: number;
    suggested: Grants['rate_limit'] | null;
  };
  /** A ready PATCH /admin/keys/:id body; empty when nothing can be narrowed. */
  proposed: {
    scopes?: string[];
    allowed_paths?: string[];
    allowed_ips?: string[];
    rate_limit?: Grants['rate_limit'];
  };
}

/** Does a granted scope allow what an exercised route requires (its instance unknown: any)? */
function scopeExercised(granted: string, routes: Exercised['routes']): boolean {
  const have = parseScope(granted);
  if (!have) return true; // A scope this code cannot read is never proposed for removal.
  for (const route of routes) {
    if (!route.scope) continue;
    const need = parseScope(route.scope);
    if (!need) continue;
    // The request's instance is not recorded: a bound scope counts as used by any use of its kind.
    if (scopeAllows({ ...have, instance: undefined }, need, undefined)) return true;
  }
  return false;
}

/**
 * Could an `allowed_paths` glob have matched a request of this route template? Segment by segment:
 * a `:param` of the template can be anything, so only its literal segments must fit. A glob with
 * `**` is kept (counted as matched): unsure means never remove.
 */
export function globOverlapsTemplate(glob: string, template: string): boolean {
  if (glob.includes('**')) return true;
  const deep = glob.endsWith('/*');
  const g = glob.split('/');
  const t = template.split('/');
  if (deep ? t.length < g.length : t.length !== g.length) return false;
  return g.every((segment, i) => {
    const part = t[i] as string;
    if (part.startsWith(':')) return true;
    if (deep && i === g.length - 1) return true;
    return PathGlob.compile(segment).matches(part);
  });
}

const templateOf = (label: string) => label.slice(label.indexOf(' ') + 1);

/**
 * Granted against exercised (ADR 0026): what can go, and the narrowed grants as a PATCH body. Never
 * removes anything exercised, never widens: an allow-list is never emptied (empty means "any"), a
 * key keeps at least one scope, a rate limit is only ever lowered. A key with no observed use gets
 * no proposal (nothing tells what it needs; revoking it is the question, not narrowing it).
 */
export function recommend(grants: Grants, exercised: Exercised): Recommendation {
  const used = exercised.requests > 0;
  const unused_scopes = used ? grants.scopes.filter((s) => !scopeExercised(s, exercised.routes)) : [];
  const unmatched_paths = used
    ? grants.allowed_paths.filter(
        (glob) => !exercised.routes.some((r) => globOverlapsTemplate(glob, templateOf(r.label))),
      )
    : [];
  const unseen_ips = used
    ? grants.allowed_ips.filter((cidr) => {
        const list = new IpAllowList([cidr]);
        return !exercised.ips.some((ip) => list.allows(ip));
      })
    : [];

  const window = grants.rate_limit.window_seconds;
  // Peaks are kept per minute; a window of another length is scaled (at least one minute's peak).
  const observedPeak = Math.ceil((exercised.peakPerMinute * Math.max(window, 60)) / 60);
  const suggestedLimit = Math.max(MIN_SUGGESTED_LIMIT, Math.ceil(observedPeak * RATE_HEADROOM));
  const suggested =
    used && suggestedLimit < grants.rate_limit.limit
      ? { limit: suggestedLimit, window_seconds: window }
      : null;

  const proposed: Recommendation['proposed'] = {};
  if (unused_scopes.length > 0 && unused_scopes.length < grants.scopes.length)
    proposed.scopes = grants.scopes.filter((s) => !unused_scopes.includes(s));
  if (unmatched_paths.length > 0 && unmatched_paths.length < grants.allowed_paths.length)
    proposed.allowed_paths = grants.allowed_paths.filter((p) => !unmatched_paths.includes(p));
  if (unseen_ips.length > 0 && unseen_ips.length < grants.allowed_ips.length)
    proposed.allowed_ips = grants.allowed_ips.filter((ip) => !unseen_ips.includes(ip));
  if (suggested) proposed.rate_limit = suggested;
  return {
    unused_scopes,
    unmatched_paths,
    unseen_ips,
    rate_limit: { current: { ...grants.rate_limit }, observed_peak: observedPeak, suggested },
    proposed,
  };
}
