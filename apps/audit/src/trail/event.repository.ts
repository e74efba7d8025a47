import { Injectable } from '@nestjs/common';
import type { EventFilters } from '@latchkey/api-routes';
import { AuditDatabase } from './audit-database';
import { eventRowOf, type AuditEventRow, type RawEventRow } from './audit-event';
import { filterSql } from './event-filters';

export interface PageOptions {
  limit: number;
  order: 'asc' | 'desc';
  /** Keyset: only events after (asc) or before (desc) this `seq`. */
  afterSeq?: number;
}

/** Reads the trail in keyset pages on `seq` (arrival order): bounded memory for any size. */
@Injectable()
export class EventRepository {
  constructor(private readonly db: AuditDatabase) {}

  async page(orgId: string, filters: EventFilters, options: PageOptions): Promise<AuditEventRow[]> {
    const schema = this.db.schema;
    const { where, params } = filterSql(orgId, filters);
    const keyset =
      options.afterSeq === undefined ? '' : ` and "seq" ${options.order === 'desc' ? '<' : '>'} ?`;
    const rows = await this.db
      .reader()
      .execute<RawEventRow[]>(
        `select * from "${schema}"."events" where ${where}${keyset} order by "seq" ${options.order} limit ${options.limit}`,
        options.afterSeq === undefined ? params : [...params, options.afterSeq],
      );
    return rows.map(eventRowOf);
  }

  /** Every matching event, page by page. */
  async *all(
    orgId: string,
    filters: EventFilters,
    order: 'asc' | 'desc',
    pageSize = 1000,
  ): AsyncGenerator<AuditEventRow> {
    let afterSeq: number | undefined;
    for (;;) {
      const page = await this.page(orgId, filters, {
        limit: pageSize,
        order,
        ...(afterSeq !== undefined ? { afterSeq } : {}),
      });
      yield* page;
      if (page.length < pageSize) return;
      afterSeq = page[page.length - 1]?.seq;
    }
  }

  /** The newest stored event's `seq` in the organisation (0: none yet). */
  async newestSeq(orgId: string): Promise<number> {
    const [newest] = await this.page(orgId, {}, { limit: 1, order: 'desc' });
    return newest?.seq ?? 0;
  }
}
