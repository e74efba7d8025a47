import { Injectable } from '@nestjs/common';
import { EventType } from '@latchkey/contracts';
import { AuditDatabase } from '../trail';
import type { StoredDenial } from './decision-explanation';

/** Finds the stored `auth.denied` record a decision id names, in one organisation's trail. */
@Injectable()
export class DecisionRepository {
  constructor(private readonly db: AuditDatabase) {}

  /** Served by `events_org_decision_idx` (partial: `auth.denied` only). */
  async find(orgId: string, decisionId: string): Promise<StoredDenial | undefined> {
    const [row] = await this.db
      .reader()
      .execute<{ id: string; data: Record<string, unknown> }[]>(
        `select "id", "data" from "${this.db.schema}"."events" where "org_id" = ? and "type" = ? and ("data"->>'decision_id') = ? limit 1`,
        [orgId, EventType.AuthDenied, decisionId],
      );
    return row ? { eventId: row.id, data: row.data } : undefined;
  }
}
