import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { canonicalJson, canonicalParts, chainHash, GENESIS_HASH, type ChainedFields } from './hash-chain';

/** The chain as first defined: SHA-256 over prev hash, newline, canonicalize(fields). */
function reference(prevHash: string, fields: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalize(fields) ?? '')
    .digest('hex');
}

const base: ChainedFields = {
  id: 'evt_01JABCDEF',
  org_id: 'org_01ACME',
  chain_seq: 1,
  type: 'key.used',
  source: 'latchkey/gateway',
  subject: 'key_1',
  key_id: 'key_1',
  actor_id: null,
  outcome: null,
  occurred_at: '2026-11-25T03:23:53.650Z',
  data: { key_id: 'key_1', by_status: { 200: 2, 403: 1 }, last_ip: '10.0.0.1' },
};

describe('chain hash', () => {
  it('splits the RFC 8785 form around chain_seq without changing a byte (existing chains still verify)', () => {
    const variants: ChainedFields[] = [
      base,
      { ...base, chain_seq: 9_007_199_254_740_991, subject: null, key_id: null },
      { ...base, actor_id: 'usr_1', outcome: 'denied:bad_scope', type: 'auth.denied' },
      {
        ...base,
        source: 'quote " backslash \\ line\u2028sep',
        data: {
          é: [1, 2.5, -0, 1e21, 'x\u0001', { b: true, a: null }],
          Z: {},
          a: [],
          '': 'empty',
          '\u00e9a': 1,
        },
      },
      { ...base, data: [] },
    ];
    for (const fields of variants) {
      const { chain_seq, ...rest } = fields;
      expect(canonicalJson(canonicalParts(rest), chain_seq)).toBe(canonicalize(fields));
      expect(chainHash(GENESIS_HASH, fields)).toBe(reference(GENESIS_HASH, fields));
      expect(chainHash('f'.repeat(64), fields)).toBe(reference('f'.repeat(64), fields));
    }
  });
});
