import { z } from 'zod';
import { idSchema, RESOURCE_ID_PREFIX, type ResourceName } from '@latchkey/contracts';
import { cursorParam, pageCursor, type PageCursor } from '@latchkey/runtime';

/**
 * Each resource's cursor carries the last row's id, an id of that resource (ids are ULIDs, so id
 * order is creation order): another list's cursor is refused like a tampered one.
 */
const CURSORS = Object.fromEntries(
  Object.entries(RESOURCE_ID_PREFIX).map(([name, prefix]) => [name, pageCursor(idSchema(prefix))]),
) as Record<ResourceName, PageCursor<string>>;

export function cursorOf(resource: ResourceName): PageCursor<string> {
  return CURSORS[resource];
}

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: cursorParam(),
};
