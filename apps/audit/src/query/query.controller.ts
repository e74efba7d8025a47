import { Controller } from '@nestjs/common';
import { z } from 'zod';
import type { Principal, RouteInput } from '@latchkey/contracts';
import { listEvents } from '@latchkey/api-routes';
import { CurrentPrincipal, Input, pageCursor } from '@latchkey/runtime';
import { AuditEndpoint } from '../http';
import { EventRepository, toEventView } from '../trail';

/** The trail is paged by its store's arrival order: the cursor carries the last event's `seq`. */
const SEQ_CURSOR = pageCursor(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));

/** `GET /audit/events`: the trail of the principal's organisation, filtered, a page at a time. */
@Controller()
export class QueryController {
  constructor(private readonly events: EventRepository) {}

  @AuditEndpoint(listEvents)
  async list(@CurrentPrincipal() principal: Principal, @Input() { query }: RouteInput<typeof listEvents>) {
    const { limit, order, cursor, ...filters } = query;
    const afterSeq = cursor ? SEQ_CURSOR.decode(cursor) : undefined;
    const rows = await this.events.page(principal.org_id, filters, {
      limit: limit + 1,
      order,
      ...(afterSeq !== undefined ? { afterSeq } : {}),
    });
    const page = rows.slice(0, limit).map(toEventView);
    const last = page[page.length - 1];
    return { data: page, next_cursor: rows.length > limit && last ? SEQ_CURSOR.encode(last.seq) : null };
  }
}
