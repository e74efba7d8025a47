import { cursorCodec, ErrorCode } from '@latchkey/contracts';
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

// The `cursor` query parameter is contracts' `cursorParam` (route declarations use it without Nest).
export { cursorParam } from '@latchkey/contracts';
