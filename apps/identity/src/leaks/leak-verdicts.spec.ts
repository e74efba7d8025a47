import { checksumOf, generateSecret } from '@latchkey/auth-core';
import { distinctTokens, effectOf, isCandidate, labelOf, verdictOf } from './leak-verdicts';

const item = (token: string) => ({ token, type: 'latchkey_secret', url: 'https://x/y', source: 'content' });

describe('leak verdicts', () => {
  it('a Latchkey secret with its checksum is a candidate; a lookalike with a wrong one is not', () => {
    const secret = generateSecret('live');
    expect(isCandidate(secret)).toBe(true);
    expect(isCandidate(generateSecret('test'))).toBe(true);
    const body = secret.slice(0, -6);
    const wrong = checksumOf(body) === '000000' ? '000001' : '000000';
    expect(isCandidate(body + wrong)).toBe(false);
    expect(isCandidate('ghp_' + 'a'.repeat(36))).toBe(false);
    expect(isCandidate('')).toBe(false);
  });

  it('only a live secret is a true positive: unknown, revoked, expired or ended are false positives', () => {
    expect(labelOf({ live: true })).toBe('true_positive');
    expect(labelOf({ live: false })).toBe('false_positive');
    expect(labelOf(null)).toBe('false_positive');
  });

  it('a verdict carries only token_raw, token_type and label: nothing of the key', () => {
    const verdict = verdictOf(item('lk_live_x'), 'true_positive');
    expect(verdict).toEqual({
      token_raw: 'lk_live_x',
      token_type: 'latchkey_secret',
      label: 'true_positive',
    });
  });

  it('a token reported twice is acted on once, at its first place', () => {
    const a = { ...item('a'), url: 'first' };
    expect(distinctTokens([a, { ...item('a'), url: 'second' }, item('b')])).toEqual([a, item('b')]);
  });

  it('each leak_action revokes, quarantines or only records', () => {
    expect(effectOf('revoke')).toEqual({ revoke: true, quarantine: false });
    expect(effectOf('quarantine')).toEqual({ revoke: false, quarantine: true });
    expect(effectOf('report')).toEqual({ revoke: false, quarantine: false });
  });
});
