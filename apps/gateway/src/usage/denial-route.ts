import { normalisePath, type RouteMatcher } from '@latchkey/auth-core';
import { AUDIT_CHECKPOINT_KEYS_PATH, type ApiRoute } from '@latchkey/contracts';
import { API_ROUTES } from '@latchkey/api-routes';

/** `GET /v1/projects/:id`: the route as events name it, built once per route. */
const routeLabels = new WeakMap<ApiRoute, string>();
export function routeLabel(route: ApiRoute): string {
  let label = routeLabels.get(route);
  if (label === undefined) routeLabels.set(route, (label = `${route.method} ${route.path}`));
  return label;
}

/**
 * Identity's paths behind the gateway (its own routes are not in the route table): what a refusal
 * of one of them is filed under. A path of identity's missing here is only grouped more coarsely.
 */
const IDENTITY_PATHS = [
  '/auth/login',
  '/auth/token',
  '/admin/keys',
  '/admin/users',
  '/admin/policy',
  '/admin/webhooks',
  '/.well-known/jwks.json',
  AUDIT_CHECKPOINT_KEYS_PATH,
];

/** First segments, and first/second segment pairs, that a bucket may name: a fixed set. */
const KNOWN_FIRST = new Set<string>();
const KNOWN_PAIRS = new Set<string>();
for (const path of [...API_ROUTES.map((r) => r.path), ...IDENTITY_PATHS]) {
  const [first, second] = path.split('/').slice(1);
  if (first === undefined) continue;
  KNOWN_FIRST.add(first);
  if (second !== undefined && !second.startsWith(':')) KNOWN_PAIRS.add(`${first}/${second}`);
}
const MAX_ROUTE_SEGMENTS = Math.max(...API_ROUTES.map((r) => r.path.split('/').length - 1));

/**
 * What a refused request is filed under: its route template when the route table has one, else a
 * bucket of its first two segments that keeps only segments from a fixed set (`GET /v1/*`,
 * `POST /auth/login`, `PATCH /admin/keys/…`, and `GET /*` plus `/…` for a deeper unknown path). So however many distinct paths a caller
 * sends, they make at most (methods × known prefixes × 2) routes: refusals are aggregated per route,
 * and junk paths must not each become a record of their own.
 */
export function denialRoute(method: string, url: string, matcher: RouteMatcher): string {
  const path = normalisePath(url);
  if (path !== undefined && segmentsUpTo(path, MAX_ROUTE_SEGMENTS + 1) <= MAX_ROUTE_SEGMENTS) {
    const match = matcher.matchOnce(method, path);
    if (match) return routeLabel(match.route);
  }
  return bucketOf(method, path ?? url);
}

/** Counts the path's segments, stopping at `limit` (a 16 KiB path is not scanned past it). */
function segmentsUpTo(path: string, limit: number): number {
  let n = 0;
  for (let at = path.indexOf('/'); at !== -1 && n < limit; at = path.indexOf('/', at + 1)) n++;
  return n;
}

function bucketOf(method: string, path: string): string {
  const q = path.indexOf('?');
  const end = q === -1 ? path.length : q;
  if (path.charCodeAt(0) !== 0x2f /* / */ || end <= 1) return `${method} /`;
  let cut = path.indexOf('/', 1);
  if (cut === -1 || cut > end) cut = end;
  const first = path.slice(1, cut);
  if (!KNOWN_FIRST.has(first)) return `${method} /*${cut < end ? '/…' : ''}`;
  if (cut >= end) return `${method} /${first}`;
  let next = path.indexOf('/', cut + 1);
  if (next === -1 || next > end) next = end;
  const second = path.slice(cut + 1, next);
  const kept = KNOWN_PAIRS.has(`${first}/${second}`) ? second : '*';
  return `${method} /${first}/${kept}${next < end ? '/…' : ''}`;
}
