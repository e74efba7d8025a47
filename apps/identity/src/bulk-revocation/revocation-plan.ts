import { ErrorCode, type Actor, type SkippedKeyView } from '@latchkey/contracts';

/** A stored plan (a row of `key_revocation_plans`). */
export interface RevocationPlan {
  id: string;
  orgId: string;
  keyIds: string[];
  filter: Record<string, unknown>;
  reason: string;
  plannedBy: Actor;
  createdAt: Date;
  expiresAt: Date;
  executedAt: Date | null;
}

/** Why a plan cannot run now, as the answer's code and words; undefined when it can. */
export function planRefusal(
  plan: RevocationPlan | null,
  id: string,
  now: Date,
): { code: ErrorCode; detail: string } | undefined {
  // Another organisation's plan is not found, like any of its resources.
  if (!plan) return { code: ErrorCode.NotFound, detail: `no revocation plan ${id}` };
  if (plan.executedAt)
    return {
      code: ErrorCode.Conflict,
      detail: `plan ${id} was already executed at ${plan.executedAt.toISOString()}: a plan runs once`,
    };
  if (plan.expiresAt.getTime() <= now.getTime())
    return {
      code: ErrorCode.Conflict,
      detail: `plan ${id} expired at ${plan.expiresAt.toISOString()}: run the dry run again`,
    };
  return undefined;
}

/** What a plan's key is now, as the execution finds it locked. */
export interface PlannedKeyState {
  id: string;
  name: string;
  status: string;
  deletedAt?: Date | null | undefined;
}

/**
 * The plan's keys split into those to revoke and those to leave: exactly the plan's ids (a key
 * created after the dry run is never among them), minus those revoked or deleted meanwhile, which
 * are reported as skipped. The plan's order is kept.
 */
export function splitPlannedKeys<K extends PlannedKeyState>(
  plannedIds: readonly string[],
  found: readonly K[],
): { revoke: K[]; skipped: SkippedKeyView[] } {
  const byId = new Map(found.map((k) => [k.id, k]));
  const revoke: K[] = [];
  const skipped: SkippedKeyView[] = [];
  for (const id of plannedIds) {
    const key = byId.get(id);
    if (!key || key.deletedAt) skipped.push({ id, name: key?.name ?? '', reason: 'deleted' });
    else if (key.status === 'revoked') skipped.push({ id, name: key.name, reason: 'already_revoked' });
    else revoke.push(key);
  }
  return { revoke, skipped };
}

/**
 * The propagation of many revocations as one: the fewest replicas that confirmed any one key
 * (each key was confirmed by at least that many), out of the most replicas known.
 */
export function combinedPropagation(
  each: readonly { replicas_confirmed: number; replicas_known: number }[],
  knownNow: number,
): { replicas_confirmed: number; replicas_known: number } {
  if (each.length === 0) return { replicas_confirmed: knownNow, replicas_known: knownNow };
  return {
    replicas_confirmed: Math.min(...each.map((p) => p.replicas_confirmed)),
    replicas_known: Math.max(...each.map((p) => p.replicas_known)),
  };
}
