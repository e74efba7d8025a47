import { ErrorCode } from '@latchkey/contracts';
import { combinedPropagation, planRefusal, splitPlannedKeys, type RevocationPlan } from './revocation-plan';

const NOW = new Date('2026-12-04T12:00:00Z');
const plan = (over: Partial<RevocationPlan> = {}): RevocationPlan => ({
  id: 'rvp_1',
  orgId: 'org_1',
  keyIds: ['key_a', 'key_b'],
  filter: { environment: 'test' },
  reason: 'leak',
  plannedBy: { type: 'user', id: 'usr_1' },
  createdAt: new Date(NOW.getTime() - 60_000),
  expiresAt: new Date(NOW.getTime() + 60_000),
  executedAt: null,
  ...over,
});

describe('revocation plan rules', () => {
  it('a plan of this organisation, unexecuted and unexpired, may run', () => {
    expect(planRefusal(plan(), 'rvp_1', NOW)).toBeUndefined();
  });

  it("a plan not found (another organisation's) is not_found", () => {
    expect(planRefusal(null, 'rvp_1', NOW)?.code).toBe(ErrorCode.NotFound);
  });

  it('a plan runs once: executed → conflict', () => {
    const refusal = planRefusal(plan({ executedAt: NOW }), 'rvp_1', NOW);
    expect(refusal?.code).toBe(ErrorCode.Conflict);
    expect(refusal?.detail).toContain('already executed');
  });

  it('an expired plan is refused with words saying so, at the very instant of expiry too', () => {
    const refusal = planRefusal(plan({ expiresAt: NOW }), 'rvp_1', NOW);
    expect(refusal?.code).toBe(ErrorCode.Conflict);
    expect(refusal?.detail).toContain('expired');
  });

  it("revokes exactly the plan's keys, skipping those revoked or deleted meanwhile", () => {
    const found = [
      { id: 'key_a', name: 'A', status: 'active' },
      { id: 'key_b', name: 'B', status: 'revoked' },
      { id: 'key_c', name: 'C', status: 'active', deletedAt: NOW },
      { id: 'key_new', name: 'created later', status: 'active' },
    ];
    const { revoke, skipped } = splitPlannedKeys(['key_a', 'key_b', 'key_c', 'key_gone'], found);
    expect(revoke.map((k) => k.id)).toEqual(['key_a']);
    expect(skipped).toEqual([
      { id: 'key_b', name: 'B', reason: 'already_revoked' },
      { id: 'key_c', name: 'C', reason: 'deleted' },
      { id: 'key_gone', name: '', reason: 'deleted' },
    ]);
  });

  it('the propagation of many revocations is the fewest confirmations of any key', () => {
    expect(
      combinedPropagation(
        [
          { replicas_confirmed: 2, replicas_known: 2 },
          { replicas_confirmed: 1, replicas_known: 2 },
        ],
        2,
      ),
    ).toEqual({ replicas_confirmed: 1, replicas_known: 2 });
    expect(combinedPropagation([], 3)).toEqual({ replicas_confirmed: 3, replicas_known: 3 });
  });
});
