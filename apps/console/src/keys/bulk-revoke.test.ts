import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, filterOf, revocationSummary } from './bulk-revoke';

describe('bulk revoke', () => {
  it("the filter leaves out empty fields and reads a day as that day's start in UTC", () => {
    expect(
      filterOf({
        ...EMPTY_FILTER,
        environment: 'test',
        last_used_from: ' 203.0.113.0/24 ',
        unused_since: '2026-11-01',
      }),
    ).toEqual({
      environment: 'test',
      last_used_from: '203.0.113.0/24',
      unused_since: '2026-11-01T00:00:00Z',
    });
    expect(filterOf(EMPTY_FILTER)).toEqual({});
  });

  it('the summary counts revoked keys and those left as they were', () => {
    const result = {
      plan_id: 'rvp_1',
      dry_run: false as const,
      revoked: [],
      replicas_confirmed: 1,
      replicas_known: 1,
    };
    expect(revocationSummary({ ...result, count: 2, skipped: [] })).toBe('Revoked 2 keys.');
    expect(
      revocationSummary({
        ...result,
        count: 1,
        skipped: [{ id: 'key_2', name: 'b', reason: 'already_revoked' }],
      }),
    ).toBe('Revoked 1 key; 1 key left as they were (revoked or deleted meanwhile).');
  });
});
