import { z } from 'zod';
import { ErrorCode } from '@latchkey/contracts';
import { ProblemException, text } from '@latchkey/runtime';

/** Opaque cursors: the last row's id, base64url-encoded JSON. Ids are ULIDs, so id order is creation order. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof value.after === 'string' && /^[a-z]{3}_[0-9A-Z]{26}$/.test(value.after)) return value.after;
  } catch {
    // fall through to the documented error
  }
  throw new ProblemException(ErrorCode.InvalidRequest, 'cursor: not a cursor this API returned');
}

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: text().max(500).optional(),
};
