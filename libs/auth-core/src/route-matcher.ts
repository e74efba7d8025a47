import type { ApiRoute } from '@latchkey/contracts';
import { LRUCache } from 'lru-cache';

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

  /**
   * Matches by method and path (`false`: no route), one memo per method a route can have: the same
   * few paths come back on every request. Bounded, the least recently matched path goes first, so
   * the paths in steady use stay however many others pass through.
   */
  private readonly memo: ReadonlyMap<string, LRUCache<string, RouteMatch | false>>;

  /** `memoMax`: paths remembered per method. */
  constructor(routes: readonly ApiRoute[], memoMax = MEMO_MAX) {
    this.compiled = routes
      .map((route) => ({ route, segments: route.path.split('/').slice(1) }))
      // Literal segments before parameters, so /audit/events/export beats /audit/events/:id.
      .sort((a, b) => paramCount(a.segments) - paramCount(b.segments));
    this.memo = new Map(ROUTE_METHODS.map((m) => [m, new LRUCache({ max: memoMax })]));
  }

  /** The matched route is frozen: it is shared with every later match of the same path. */
  match(method: string, path: string): RouteMatch | undefined {
    if (method === 'HEAD') method = 'GET';
    const byPath = this.memo.get(method);
    // Not one of the route methods: answered, not remembered (the methods a caller sends are many).
    if (!byPath) return this.matchUncached(method, path);
    const known = byPath.get(path);
    if (known !== undefined) return known || undefined;
    const found = this.matchUncached(method, path);
    const frozen = found && Object.freeze({ route: found.route, params: Object.freeze(found.params) });
    byPath.set(path, frozen ?? false);
    return frozen;
  }

  /**
   * Like `match`, but remembers nothing new and leaves the memo's order alone: for the paths of
   * refused requests, so that a flood of distinct junk paths cannot push the remembered paths of
   * served requests out, nor keep stale ones in.
   */
  matchOnce(method: string, path: string): RouteMatch | undefined {
    const known = this.memo.get(method)?.peek(path);
    if (known !== undefined) return known || undefined;
    return this.matchUncached(method, path);
  }

  /** How many paths are remembered, over all methods (bounded by `memoMax` per method). */
  get rememberedPaths(): number {
    let count = 0;
    for (const byPath of this.memo.values()) count += byPath.size;
    return count;
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
