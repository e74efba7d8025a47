import type { ApiRoute } from '@latchkey/contracts';

export interface RouteMatch {
  route: ApiRoute;
  params: Record<string, string>;
}

/**
 * Matches a method and a normalised path against the route table; literal segments win over params.
 * HEAD is GET without the body (RFC 9110 §9.3.2): it matches, and is authorized as, the GET route.
 */
export class RouteMatcher {
  private readonly compiled: { route: ApiRoute; segments: string[] }[];

  constructor(routes: readonly ApiRoute[]) {
    this.compiled = routes
      .map((route) => ({ route, segments: route.path.split('/').slice(1) }))
      // Literal segments before parameters, so /audit/events/export beats /audit/events/:id.
      .sort((a, b) => paramCount(a.segments) - paramCount(b.segments));
  }

  /** Matches by method and path, remembered (bounded): the same few paths come back on every request. */
  private readonly memo = new Map<string, Map<string, RouteMatch | null>>();

  match(method: string, path: string): RouteMatch | undefined {
    if (method === 'HEAD') method = 'GET';
    let byPath = this.memo.get(method);
    if (!byPath) this.memo.set(method, (byPath = new Map()));
    const known = byPath.get(path);
    if (known !== undefined) return known ?? undefined;
    const found = this.matchUncached(method, path);
    if (byPath.size >= MEMO_MAX) byPath.clear();
    byPath.set(
      path,
      found ? Object.freeze({ route: found.route, params: Object.freeze(found.params) }) : null,
    );
    return found;
  }

  /**
   * Like `match`, but remembers nothing new: for the paths of refused requests, so that a flood of
   * distinct junk paths cannot push the remembered paths of served requests out.
   */
  matchOnce(method: string, path: string): RouteMatch | undefined {
    const known = this.memo.get(method)?.get(path);
    if (known !== undefined) return known ?? undefined;
    return this.matchUncached(method, path);
  }

  private matchUncached(method: string, path: string): RouteMatch | undefined {
    const parts = path.split('/').slice(1);
    for (const { route, segments } of this.compiled) {
      if (route.method !== method || segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i] as string;
        const part = parts[i] as string;
        if (segment.startsWith(':')) {
          if (part === '') {
            ok = false;
            break;
          }
          params[segment.slice(1)] = part;
        } else if (segment !== part) {
          ok = false;
          break;
        }
      }
      if (ok) return { route, params };
    }
    return undefined;
  }

  /**
   * The methods some route serves this path with, for a 405's `Allow` (HEAD wherever GET is);
   * empty when no route has the path (404).
   */
  allowedMethods(path: string): string[] {
    const allowed = ROUTE_METHODS.filter((m) => this.match(m, path) !== undefined);
    return allowed.includes('GET') ? ['GET', 'HEAD', ...allowed.filter((m) => m !== 'GET')] : allowed;
  }

  /** True when some method serves this path (so the answer is 405, not 404). */
  knowsPath(path: string): boolean {
    return this.allowedMethods(path).length > 0;
  }
}

const ROUTE_METHODS = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
] as const satisfies readonly ApiRoute['method'][];

const MEMO_MAX = 10_000;

function paramCount(segments: string[]): number {
  return segments.filter((s) => s.startsWith(':')).length;
}
