import { idSchema, RESOURCE_ID_PREFIX, type ResourceName } from '@latchkey/contracts';
import { pageCursor, type PageCursor } from '@latchkey/runtime';

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
