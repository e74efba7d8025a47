import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { AuditEventView } from '@latchkey/contracts';
import type { StoredEventRow } from '../chain/chain-records';
import type { EventFilters } from '@latchkey/api-routes';
import { filterSql } from './event-filters';

export function toEventView(row: StoredEventRow): AuditEventView {
  return {
    id: row.id,
    seq: Number(row.seq),
    type: row.type,
    source: row.source,
    subject: row.subject,
    key_id: row.key_id,
    actor_id: row.actor_id,
    outcome: row.outcome,
    occurred_at: new Date(row.occurred_at).toISOString(),
    received_at: new Date(row.received_at).toISOString(),
    chain_seq: Number(row.chain_seq),
    hash: row.hash,
    data: row.data as Record<string, unknown>,
  };
}
export type EventView = AuditEventView;

/** Reads the trail in keyset pages on `seq` (arrival order): bounded memory for any size. */
@Injectable()
export class EventReader {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async page(
    orgId: string,
    filters: EventFilters,
    options: { limit: number; order: 'asc' | 'desc'; afterSeq?: number },
  ) {
    const schema = this.orm.config.get('schema') as string;
    const { where, params } = filterSql(orgId, filters);
    const keyset =
      options.afterSeq === undefined ? '' : ` and "seq" ${options.order === 'desc' ? '<' : '>'} ?`;
    const rows = await this.orm.em
      .fork()
      .execute<StoredEventRow[]>(
        `select * from "${schema}"."events" where ${where}${keyset} order by "seq" ${options.order} limit ${options.limit}`,
        options.afterSeq === undefined ? params : [...params, options.afterSeq],
      );
    return rows.map(toEventView);
  }

  /** Every matching event, page by page. */
  async *all(
    orgId: string,
    filters: EventFilters,
    order: 'asc' | 'desc',
    pageSize = 1000,
  ): AsyncGenerator<EventView> {
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
}
