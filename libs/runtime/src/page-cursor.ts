import { cursorCodec, ErrorCode, idSchema, type IdPrefix } from '@latchkey/contracts';
import type { z } from 'zod';
import { ProblemException } from './problems';

/** A list's cursors: the one format (contracts' `cursorCodec`), refused with the documented 400. */
export interface PageCursor<K> {
  encode(after: K): string;
  /** The key the cursor carries; anything else is `400 invalid_request`, never a query. */
  decode(cursor: string): K;
}

export function pageCursor<K>(key: z.ZodType<K>): PageCursor<K> {
  const codec = cursorCodec(key);
  return {
    encode: codec.encode,
    decode: (cursor) => {
      const after = codec.decode(cursor);
      if (after === undefined)
        throw new ProblemException(ErrorCode.InvalidRequest, 'cursor: not a cursor this API returned');
      return after;
    },
  };
}

/**
 * The cursor of a list in id order (ids are ULIDs, so id order is creation order): it carries the
 * last row's id, an id of this kind, so another list's cursor is refused like a tampered one.
 */
export function idCursor(prefix: IdPrefix): PageCursor<string> {
  return pageCursor(idSchema(prefix));
}

/** One page of a keyset-paginated list, as every list route answers it. */
export interface Page<R> {
  data: R[];
  /** The cursor of the page after this one; null on the last page. */
  next_cursor: string | null;
}

/**
 * The page of `limit` rows out of the `limit + 1` a list read past its cursor (the extra row only
 * says that another page follows): its cursor names the last row kept, so no row comes twice.
 */
export function pageOf<R, K>(
  rows: readonly R[],
  limit: number,
  cursor: PageCursor<K>,
  keyOf: (row: R) => K,
): Page<R> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > limit && last !== undefined ? cursor.encode(keyOf(last)) : null };
}

// The `cursor` query parameter is contracts' `cursorParam` (route declarations use it without Nest).
export { cursorParam } from '@latchkey/contracts';
