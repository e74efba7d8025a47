import { Injectable } from '@nestjs/common';
import { EventType } from '@latchkey/contracts';
import { AuditDatabase } from '../trail';
import type { StoredDenial } from './decision-explanation';

/** Finds the stored `auth.denied` record a decision id names, in one organisation's trail. */
@Injectable()
export class DecisionRepository {
  constructor(private readonly db: AuditDatabase) {}

  /**
   * By the record's own id (`events_org_decision_idx`) or one of its aliases, the ids of answers
   * that must not be linkable (`events_decision_alias_idx`); both partial: `auth.denied` only.
   */
  async find(orgId: string, decisionId: string): Promise<StoredDenial | undefined> {
    const events = `"${this.db.schema}"."events"`;
    const [row] = await this.db.reader().execute<{ id: string; data: Record<string, unknown> }[]>(
      `(select "id", "data" from ${events} where "org_id" = ? and "type" = ? and ("data"->>'decision_id') = ? limit 1)
       union all
       (select "id", "data" from ${events} where "type" = ? and ("data"->'decision_aliases') @> jsonb_build_array(?::text) and "org_id" = ? limit 1)
       limit 1`,
      [orgId, EventType.AuthDenied, decisionId, EventType.AuthDenied, decisionId, orgId],
    );
    return row ? { eventId: row.id, data: row.data } : undefined;
  }
}
