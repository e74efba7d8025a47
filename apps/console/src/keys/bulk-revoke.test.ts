import { LatchkeyProblemError } from '@latchkey/sdk';
import { describe, expect, it } from 'vitest';
import { revokeEach, revokeSummary } from './bulk-revoke';

const confirmed = { replicas_confirmed: 1, replicas_known: 1 } as never;

describe('bulk revoke', () => {
  it('revokes every key with the reason, goes on past a refusal, and reports it with its request id', async () => {
    const calls: string[] = [];
    const progress: number[] = [];
    const outcomes = await revokeEach(
      [
        { id: 'key_1', name: 'one' },
        { id: 'key_2', name: 'two' },
        { id: 'key_3', name: 'three' },
      ],
      'leaked',
      async (id, reason) => {
        calls.push(`${id}:${reason}`);
        if (id === 'key_2') throw problemError();
        return confirmed;
      },
      (_, done) => progress.push(done),
    );
    expect(calls).toEqual(['key_1:leaked', 'key_2:leaked', 'key_3:leaked']);
    expect(progress).toEqual([1, 2, 3]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    const failed = outcomes[1];
    expect(failed && !failed.ok && failed.requestId).toBe('req-123');
    expect(revokeSummary(outcomes)).toBe('Revoked 2 keys; 1 key could not be revoked.');
  });

  it('sums up a clean run', () => {
    expect(revokeSummary([{ key: { id: 'k', name: 'k' }, ok: true, result: confirmed }])).toBe(
      'Revoked 1 key.',
    );
  });
});

function problemError() {
  return new LatchkeyProblemError(409, {
    type: 'about:blank',
    title: 'Conflict',
    status: 409,
    code: 'conflict',
    detail: 'key is revoked',
    request_id: 'req-123',
  });
}
