import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Actor } from '@latchkey/contracts';
import type { Transaction } from '@latchkey/runtime';
import { ApiKeySchema, type ApiKey } from '../keys';
import type { KeyCriteria } from './revocation-filter';
import type { RevocationPlan } from './revocation-plan';

interface PlanRow {
  id: string;
  org_id: string;
  key_ids: string[];
  filter: Record<string, unknown>;
  reason: string;
  planned_by: Actor;
  created_at: Date | string;
  expires_at: Date | string;
  executed_at: Date | string | null;
}

const toPlan = (row: PlanRow): RevocationPlan => ({
  id: row.id,
  orgId: row.org_id,
  keyIds: row.key_ids,
  filter: row.filter,
  reason: row.reason,
  plannedBy: row.planned_by,
  createdAt: new Date(row.created_at),
  expiresAt: new Date(row.expires_at),
  executedAt: row.executed_at ? new Date(row.executed_at) : null,
});

/** Expired plans are kept a day (for a clear "expired" answer), then forgotten. */
const EXPIRED_PLAN_KEPT_MS = 86_400_000;

/** Revocation plans (`key_revocation_plans`, plain SQL) and the key rows a plan is made of. */
@Injectable()
export class RevocationPlanRepository {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  /** Up to `limit` keys matching the criteria, oldest first (no lock: a dry run changes nothing). */
  matchingKeys(criteria: KeyCriteria, limit: number): Promise<ApiKey[]> {
    return this.orm.em.fork().find(ApiKeySchema, criteria as never, { orderBy: { id: 'asc' }, limit });
  }

  /** Stores a plan; forgets plans expired for more than a day. */
  async save(plan: RevocationPlan): Promise<void> {
    const schema = this.schema();
    const connection = this.orm.em.fork().getConnection();
    await connection.execute(
      `insert into "${schema}"."key_revocation_plans"
         ("id", "org_id", "key_ids", "filter", "reason", "planned_by", "created_at", "expires_at")
       values (?, ?, array(select jsonb_array_elements_text(?::jsonb)), ?::jsonb, ?, ?::jsonb, ?, ?)`,
      [
        plan.id,
        plan.orgId,
        // Arrays travel as JSON: the driver would spread a JavaScript array into several parameters.
        JSON.stringify(plan.keyIds),
        JSON.stringify(plan.filter),
        plan.reason,
        JSON.stringify(plan.plannedBy),
        plan.createdAt,
        plan.expiresAt,
      ],
    );
    await connection.execute(`delete from "${schema}"."key_revocation_plans" where "expires_at" < ?`, [
      new Date(plan.createdAt.getTime() - EXPIRED_PLAN_KEPT_MS),
    ]);
  }

  /**
   * The plan of this organisation, its row locked (FOR UPDATE) for the change `tx` runs: two
   * executions of one plan run one after the other, and the second sees it executed.
   */
  async lock(tx: Transaction, orgId: string, id: string): Promise<RevocationPlan | null> {
    const rows = (await tx.em.execute(
      `select * from "${this.schema()}"."key_revocation_plans" where "id" = ? and "org_id" = ? for update`,
      [id, orgId],
    )) as PlanRow[];
    return rows[0] ? toPlan(rows[0]) : null;
  }

  /** Marks the plan executed, in the change `tx` runs. */
  async markExecuted(tx: Transaction, id: string, by: Actor, now: Date): Promise<void> {
    await tx.em.execute(
      `update "${this.schema()}"."key_revocation_plans" set "executed_at" = ?, "executed_by" = ?::jsonb where "id" = ?`,
      [now, JSON.stringify(by), id],
    );
  }

  /**
   * The plan's keys of this organisation (deleted ones too, to report them), each row locked in id
   * order (FOR UPDATE; one order for every change, so two bulk revocations cannot deadlock).
   */
  lockKeys(tx: Transaction, orgId: string, ids: readonly string[]): Promise<ApiKey[]> {
    return tx.em.find(
      ApiKeySchema,
      { id: { $in: [...ids] }, orgId },
      { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
  }

  private schema(): string {
    return this.orm.config.get('schema') ?? 'identity';
  }
}
