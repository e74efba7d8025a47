import type { PageInit, PageItem, PaginatedPath } from './pagination';

/**
 * The list types against a document that declares its pages (as the generated one will once every
 * route declares its answers): lists are the GETs that take a cursor, items are the page's `data`.
 */
interface Declared {
  '/things': {
    get: {
      parameters: { query?: { cursor?: string; limit?: number; colour?: 'red' | 'blue' } };
      responses: {
        200: { content: { 'application/json': { data: { id: string }[]; next_cursor: string | null } } };
      };
    };
  };
  '/things/{id}': {
    get: {
      parameters: { path: { id: string } };
      responses: { 200: { content: { 'application/json': { id: string } } } };
    };
  };
  '/groups/{group}/things': {
    get: {
      parameters: { query?: { cursor?: string }; path: { group: string } };
      responses: { 200: { content?: never } };
    };
  };
  '/writes': { post: { parameters: { query?: { cursor?: string } } }; get?: never };
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

describe('list types', () => {
  it('find the paginated paths and their item types', () => {
    const lists: Equal<PaginatedPath<Declared>, '/things' | '/groups/{group}/things'> = true;
    const items: Equal<PageItem<'/things', Declared>, { id: string }> = true;
    const undeclared: Equal<PageItem<'/groups/{group}/things', Declared>, unknown> = true;
    const filters: PageInit<'/things', Declared> = { query: { colour: 'red', limit: 5 }, cursor: 'c' };
    const withPath: PageInit<'/groups/{group}/things', Declared> = { path: { group: 'g' } };
    // @ts-expect-error: the path parameter is required
    const missing: PageInit<'/groups/{group}/things', Declared> = {};
    // @ts-expect-error: the cursor is the iterator's, not a filter
    const cursorFilter: PageInit<'/things', Declared> = { query: { cursor: 'c' } };
    expect([lists, items, undeclared]).toEqual([true, true, true]);
    expect([filters, withPath, missing, cursorFilter]).toHaveLength(4);
  });
});
