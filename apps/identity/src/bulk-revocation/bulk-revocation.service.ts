import { Inject, Injectable } from '@nestjs/common';
import {
  ErrorCode,
  EventType,
  IdPrefix,
  type BulkRevocationView,
  type ChangeContext,
  type KeysBulkRevokedData,
  type RevocationPlanView,
} from '@latchkey/contracts';
import { newId } from '@latchkey/auth-core';
import { MAX_PLAN_KEYS, PLAN_LIFETIME_SECONDS, type KeyRevocationFilter } from '@latchkey/api-routes';
import { ProblemException, UnitOfWork } from '@latchkey/runtime';
import { KeyInvalidationService, recordEvent } from '../events';
import { KeySourceRepository, revokeLocked, toKeyView } from '../keys';
import { grantsScope, keyCriteria } from './revocation-filter';
import { combinedPropagation, planRefusal, splitPlannedKeys, type RevocationPlan } from './revocation-plan';
import { RevocationPlanRepository } from './revocation-plan.repository';

/**
 * The most rows a dry run reads before its in-memory criteria (scope, address): beyond it, narrow
 * the filter with criteria the database answers.
 */
const MAX_CANDIDATES = 20_000;

/**
 * Blast-radius revocation (ADR 0025): a dry run names the keys a filter matches and stores them as
 * a plan; executing the plan revokes exactly those keys in one change.
 */
@Injectable()
export class BulkRevocationService {
  constructor(
    @Inject(UnitOfWork) private readonly unit: UnitOfWork,
    private readonly plans: RevocationPlanRepository,
    private readonly sources: KeySourceRepository,
    private readonly invalidation: KeyInvalidationService,
  ) {}

  /** The keys the filter names now, kept as a plan for PLAN_LIFETIME_SECONDS; nothing is revoked. */
  async dryRun(
    orgId: string,
    filter: KeyRevocationFilter,
    reason: string,
    ctx: ChangeContext,
    now = new Date(),
  ): Promise<RevocationPlanView> {
    let keys = await this.plans.matchingKeys(keyCriteria(orgId, filter, now), MAX_CANDIDATES + 1);
    if (keys.length > MAX_CANDIDATES)
      throw new ProblemException(
        ErrorCode.InvalidRequest,
        `filter: more than ${MAX_CANDIDATES} keys to examine; narrow it (environment, prefix, created_by, dates)`,
      );
    if (filter.scope) {
      const scope = filter.scope;
      keys = keys.filter((k) => grantsScope(k.scopes, scope));
    }
    if (filter.last_used_from) {
      const used = await this.sources.usedFrom(
        keys.map((k) => k.id),
        filter.last_used_from,
      );
      keys = keys.filter((k) => used.has(k.id));
    }
    if (keys.length > MAX_PLAN_KEYS)
      throw new ProblemException(
        ErrorCode.InvalidRequest,
        `filter: matches ${keys.length} keys, a plan holds at most ${MAX_PLAN_KEYS}; narrow it`,
        { count: keys.length },
      );
    const plan: RevocationPlan = {
      id: newId(IdPrefix.RevocationPlan),
      orgId,
      keyIds: keys.map((k) => k.id),
      filter,
      reason,
      plannedBy: ctx.actor,
      createdAt: now,
      expiresAt: new Date(now.getTime() + PLAN_LIFETIME_SECONDS * 1000),
      executedAt: null,
    };
    await this.plans.save(plan);
    return {
      plan_id: plan.id,
      dry_run: true,
      count: keys.length,
      keys: keys.map((k) => toKeyView(k, now)),
      filter,
      reason,
      created_at: plan.createdAt.toISOString(),
      expires_at: plan.expiresAt.toISOString(),
    };
  }

  /**
   * Revokes exactly the plan's keys that are still unrevoked, in one transaction with one
   * `key.revoked` each and one `keys.bulk_revoked`; the plan is used up in the same change. Then,
   * like a single revocation, tells every gateway replica and reports how many confirmed.
   */
  async execute(
    orgId: string,
    planId: string,
    ctx: ChangeContext,
    now = new Date(),
  ): Promise<BulkRevocationView> {
    const { revoked, skipped } = await this.unit.run(async (tx) => {
      const plan = await this.plans.lock(tx, orgId, planId);
      const refusal = planRefusal(plan, planId, now);
      if (refusal || !plan) throw new ProblemException(refusal?.code ?? ErrorCode.NotFound, refusal?.detail);
      const found = await this.plans.lockKeys(tx, orgId, plan.keyIds);
      const split = splitPlannedKeys(plan.keyIds, found);
      for (const key of split.revoke) revokeLocked(tx, key, plan.reason, ctx, now);
      const data: KeysBulkRevokedData = {
        plan_id: plan.id,
        count: split.revoke.length,
        key_ids: split.revoke.map((k) => k.id),
        skipped_key_ids: split.skipped.map((s) => s.id),
        filter: plan.filter,
        reason: plan.reason,
        planned_by: plan.plannedBy,
        ...ctx,
      };
      recordEvent(tx, EventType.KeysBulkRevoked, orgId, plan.id, data);
      await this.plans.markExecuted(tx, plan.id, ctx.actor, now);
      // Replicas may refuse the keys now (as a single revocation does); told again after the commit.
      for (const key of split.revoke) this.invalidation.announce(key.id, { revoked: true });
      return { revoked: split.revoke.map((k) => toKeyView(k, now)), skipped: split.skipped };
    });
    const each = await Promise.all(
      revoked.map((k) => this.invalidation.announceAndCount(k.id, { revoked: true })),
    );
    return {
      plan_id: planId,
      dry_run: false,
      count: revoked.length,
      revoked,
      skipped,
      ...combinedPropagation(each, this.invalidation.knownReplicas()),
    };
  }
}
