import { z } from 'zod';
import { text } from './http/input-types';

/*
 * The one cursor format of every cursor-paginated list: base64url (no padding) of the JSON
 * `{"after": <the last row's sort key>}`. Cursors are opaque to clients; a list states what its key
 * is (an id of its kind, or the audit store's sequence number) and refuses any cursor whose payload
 * does not parse as that, so a malformed, tampered or other list's cursor never reaches a query.
 * Written with the web platform's base64 and text coders, so it runs in Node and browsers alike.
 */

/** Longer than any cursor a list hands out (an id's is 52 characters): a bound for query schemas. */
export const CURSOR_MAX_LENGTH = 200;

export interface CursorCodec<K> {
  encode(after: K): string;
  /** The key a cursor carries, or undefined for anything that is not a cursor of this list. */
  decode(cursor: string): K | undefined;
}

/** The cursor of a list whose rows are ordered by a key of this schema. */
export function cursorCodec<K>(key: z.ZodType<K>): CursorCodec<K> {
  const payload = z.strictObject({ after: key });
  return {
    encode: (after) => toBase64Url(JSON.stringify({ after })),
    decode: (cursor) => {
      const json = fromBase64Url(cursor);
      if (json === undefined) return undefined;
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch {
        return undefined;
      }
      const parsed = payload.safeParse(value);
      return parsed.success ? parsed.data.after : undefined;
    },
  };
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of utf8.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | undefined {
  if (text.length > CURSOR_MAX_LENGTH || !BASE64URL.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return strictUtf8.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** The `cursor` query parameter of every list. */
export const cursorParam = () => text().max(CURSOR_MAX_LENGTH).optional();
