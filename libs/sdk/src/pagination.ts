import type { paths } from './generated/openapi';

/**
 * Types over a document's `paths` (the generated one by default): which paths are lists, and what
 * their items are. Generic so that they can be checked against a document that declares its pages.
 */
type AnyPaths = object;

/** The GET operation of a path, or never when it has none. */
type GetOperation<Paths extends AnyPaths, P extends keyof Paths> = Paths[P] extends { get: infer O }
  ? O
  : never;

type QueryOf<O> = [O] extends [never]
  ? never
  : O extends { parameters: { query?: infer Q } }
    ? NonNullable<Q>
    : never;

/** Every path whose GET takes a `cursor`: a cursor-paginated list (`{ data, next_cursor }`). */
export type PaginatedPath<Paths extends AnyPaths = paths> = {
  [P in keyof Paths]: [QueryOf<GetOperation<Paths, P>>] extends [never]
    ? never
    : 'cursor' extends keyof QueryOf<GetOperation<Paths, P>>
      ? P
      : never;
}[keyof Paths];

type PageBody<Paths extends AnyPaths, P extends keyof Paths> =
  GetOperation<Paths, P> extends { responses: { 200: { content: { 'application/json': infer B } } } }
    ? B
    : unknown;

/** The item type of a list, as the document declares its page; unknown where it declares none. */
export type PageItem<P extends PaginatedPath<Paths>, Paths extends AnyPaths = paths> =
  PageBody<Paths, P> extends { data: (infer T)[] } ? T : unknown;

type PathParams<Paths extends AnyPaths, P extends keyof Paths> =
  GetOperation<Paths, P> extends { parameters: { path: infer A } }
    ? [A] extends [never]
      ? never
      : A
    : never;

/** What a list takes: its filters (without `cursor`, which the iterator carries), path parameters. */
export type PageInit<P extends PaginatedPath<Paths>, Paths extends AnyPaths = paths> = {
  query?: Omit<QueryOf<GetOperation<Paths, P>>, 'cursor'>;
  /** Start from this cursor (a `next_cursor` kept from an earlier walk) rather than the first page. */
  cursor?: string;
  signal?: AbortSignal;
  headers?: Record<string, string>;
} & ([PathParams<Paths, P>] extends [never] ? { path?: never } : { path: PathParams<Paths, P> });

export interface Page<T> {
  data: T[];
  /** The cursor of the next page; null on the last one. */
  next_cursor: string | null;
  response: Response;
}

/** One GET of a page: the body as answered (a problem is thrown as LatchkeyProblemError). */
export type PageFetcher = (
  path: string,
  init: {
    query: Record<string, unknown>;
    path?: Record<string, unknown>;
    signal?: AbortSignal;
    headers?: Record<string, string>;
  },
) => Promise<{ body: unknown; response: Response }>;

/** The pages of a list, first to last, following `next_cursor`. */
export async function* walkPages(
  fetchPage: PageFetcher,
  path: string,
  init: PageInit<PaginatedPath> | undefined,
): AsyncGenerator<Page<unknown>, void, undefined> {
  const {
    query = {},
    cursor: start,
    path: pathParams,
    signal,
    headers,
  } = (init ?? {}) as {
    query?: Record<string, unknown>;
    cursor?: string;
    path?: Record<string, unknown>;
    signal?: AbortSignal;
    headers?: Record<string, string>;
  };
  const seen = new Set<string>();
  let cursor = start;
  for (;;) {
    const { body, response } = await fetchPage(path, {
      query: cursor === undefined ? query : { ...query, cursor },
      ...(pathParams ? { path: pathParams } : {}),
      ...(signal ? { signal } : {}),
      ...(headers ? { headers } : {}),
    });
    const page = body as { data?: unknown; next_cursor?: unknown } | undefined;
    if (!Array.isArray(page?.data))
      throw new TypeError(`GET ${path}: the answer is not a page (no data array)`);
    const next = typeof page.next_cursor === 'string' && page.next_cursor !== '' ? page.next_cursor : null;
    yield { data: page.data as unknown[], next_cursor: next, response };
    if (next === null) return;
    // A cursor seen before would walk in a circle for ever: a server bug, said rather than hidden.
    if (seen.has(next)) throw new Error(`GET ${path}: next_cursor repeats an earlier page's`);
    seen.add(next);
    cursor = next;
  }
}
