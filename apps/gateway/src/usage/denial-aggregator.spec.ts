import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { register } from 'prom-client';
import { STORED_PATH_MAX } from '@latchkey/auth-core';
import { SYSTEM_ORG_ID, type AuthDeniedData } from '@latchkey/contracts';
import { DenialAggregator, type DenialBudgets, type DenialReason } from './denial-aggregator';

const T0 = Date.parse('2026-12-10T12:00:00.000Z');
const budgets: DenialBudgets = { tuplesPerOrg: 10, tuplesAnonymous: 20, orgsPerWindow: 5 };
const req = (url = '/v1/leads', id = 'req-1', method = 'GET') => ({ method, url, id });

function take(aggregator: DenialAggregator, start = T0, end = T0 + 10_000) {
  return aggregator.takeWindow(new Date(start), new Date(end), 'gw-test');
}
const of = (records: { orgId: string; data: AuthDeniedData }[], orgId: string) =>
  records.filter((r) => r.orgId === orgId).map((r) => r.data);
const sum = (records: AuthDeniedData[]) => records.reduce((n, r) => n + r.count, 0);

async function overflowMetric(bucket: string): Promise<number> {
  const metric = await register.getSingleMetric('gateway_denials_overflow_total')!.get();
  return metric.values.find((v) => v.labels['bucket'] === bucket)?.value ?? 0;
}

describe('denial aggregation: each organisation within its own budget', () => {
  it('refusals tied to no organisation go to the system tenant: never `unknown`, never a real organisation', () => {
    const agg = new DenialAggregator(budgets);
    agg.record(undefined, undefined, 'no_credential', 401, 'GET /v1/*', '198.51.100.7', req());
    agg.record(undefined, undefined, 'identity_refused', 401, 'POST /auth/login', '198.51.100.8', req());
    // Organisations beyond those tracked per window: counted, but no longer attributable.
    for (let i = 0; i <= budgets.orgsPerWindow; i++)
      agg.record(`org_${i}`, `key_${i}`, 'revoked', 401, 'GET /v1/leads', '10.0.0.1', req());
    const records = take(agg);
    const tenants = new Set(records.map((r) => r.orgId));
    expect(tenants).toEqual(
      new Set([SYSTEM_ORG_ID, ...Array.from({ length: budgets.orgsPerWindow }, (_, i) => `org_${i}`)]),
    );
    expect(of(records, SYSTEM_ORG_ID).map((r) => [r.reason, r.source_network ?? r.overflow])).toEqual([
      ['no_credential', '198.51.100.0/24'],
      ['identity_refused', '198.51.100.0/24'],
      ['revoked', 'organisations'],
    ]);
  });

  it('one organisation’s flood over many keys and routes does not evict another’s refusals, and is counted in full', () => {
    const agg = new DenialAggregator(budgets);
    // B: 7 refusals over 3 distinct records, interleaved with A's flood of 100,000 over 10,000 tuples.
    const b = [
      ['key_b1', 'GET /v1/leads'],
      ['key_b1', 'GET /v1/leads'],
      ['key_b1', 'GET /v1/invoices'],
      ['key_b2', 'GET /v1/leads'],
      ['key_b2', 'GET /v1/leads'],
      ['key_b2', 'GET /v1/leads'],
      ['key_b1', 'GET /v1/invoices'],
    ] as const;
    for (let i = 0; i < 100_000; i++) {
      agg.record(
        'org_A',
        `key_a${i % 10_000}`,
        'insufficient_scope',
        403,
        'GET /v1/leads',
        '10.0.0.1',
        req(),
      );
      if (i % 10_000 === 0 && b[i / 10_000]) {
        const [key, route] = b[i / 10_000]!;
        agg.record('org_B', key, 'insufficient_scope', 403, route, '10.0.0.2', req());
      }
    }
    const records = take(agg);
    const bRecords = of(records, 'org_B');
    expect(sum(bRecords)).toBe(b.length);
    expect(bRecords.filter((r) => r.overflow)).toEqual([]);
    expect(bRecords.map((r) => [r.key_id, r.route, r.count]).sort()).toEqual([
      ['key_b1', 'GET /v1/invoices', 2],
      ['key_b1', 'GET /v1/leads', 2],
      ['key_b2', 'GET /v1/leads', 3],
    ]);
    const aRecords = of(records, 'org_A');
    expect(sum(aRecords)).toBe(100_000);
    // Its budget of distinct records, plus one overflow record for its one (reason, status).
    expect(aRecords).toHaveLength(budgets.tuplesPerOrg + 1);
    const overflow = aRecords.filter((r) => r.overflow === 'budget');
    expect(overflow).toHaveLength(1);
    // The first 10 keys got records (each of them refused 10 times); the other 9,990 keys overflowed.
    expect(overflow[0]).toMatchObject({ reason: 'insufficient_scope', route: '*', count: 100_000 - 10 * 10 });
    expect(overflow[0]!.key_id).toBeUndefined();
  });

  it('an anonymous flood from many networks does not evict an organisation’s refusals', () => {
    const agg = new DenialAggregator(budgets);
    agg.record('org_B', 'key_b', 'revoked', 401, 'GET /v1/leads', '10.0.0.2', req());
    for (let i = 0; i < 50_000; i++)
      agg.record(
        undefined,
        undefined,
        'unknown_key',
        401,
        'GET /v1/leads',
        `10.${i % 200}.${i % 250}.9`,
        req(),
      );
    agg.record('org_B', 'key_b', 'revoked', 401, 'GET /v1/leads', '10.0.0.2', req());
    const records = take(agg);
    expect(of(records, 'org_B')).toEqual([expect.objectContaining({ key_id: 'key_b', count: 2 })]);
    const anonymous = of(records, SYSTEM_ORG_ID);
    expect(sum(anonymous)).toBe(50_000);
    expect(anonymous).toHaveLength(budgets.tuplesAnonymous + 1);
  });

  it('refusals of one tuple are one record: count, first and last time, the first request as sample, a decision id', () => {
    const agg = new DenialAggregator(budgets);
    agg.record(
      'org_B',
      'key_b',
      'revoked',
      401,
      'GET /v1/leads/:id',
      '203.0.113.5',
      req('/v1/leads/led_1?x=1', 'r-1'),
      T0 + 1,
    );
    agg.record(
      'org_B',
      'key_b',
      'revoked',
      401,
      'GET /v1/leads/:id',
      '203.0.113.6',
      req('/v1/leads/led_2', 'r-2'),
      T0 + 5,
    );
    agg.record(
      'org_B',
      'key_b',
      'revoked',
      401,
      'GET /v1/leads/:id',
      '203.0.113.7',
      req('/v1/leads/led_3', 'r-3'),
      T0 + 9,
    );
    const [record, ...rest] = take(agg, T0, T0 + 10_000);
    expect(rest).toEqual([]);
    expect(record).toEqual({
      orgId: 'org_B',
      data: {
        reason: 'revoked',
        key_id: 'key_b',
        route: 'GET /v1/leads/:id',
        count: 3,
        first_at: new Date(T0 + 1).toISOString(),
        last_at: new Date(T0 + 9).toISOString(),
        window_start: new Date(T0).toISOString(),
        window_end: new Date(T0 + 10_000).toISOString(),
        sample: {
          method: 'GET',
          path: '/v1/leads/led_1',
          path_sha256: createHash('sha256').update('/v1/leads/led_1').digest('hex'),
          path_truncated: false,
          ip: '203.0.113.5',
          status: 401,
          request_id: 'r-1',
        },
        decision_id: expect.stringMatching(/^dcn_[0-9A-Z]{26}$/),
        gateway: 'gw-test',
      },
    });
  });

  it('the tuple is (organisation, key, reason, status, route): a difference in any one makes its own record', () => {
    const agg = new DenialAggregator(budgets);
    type Tuple = [org: string, key: string, reason: DenialReason, status: number, route: string];
    const variants: Tuple[] = [
      ['org_B', 'key_b', 'insufficient_scope', 403, 'GET /v1/leads'],
      ['org_C', 'key_b', 'insufficient_scope', 403, 'GET /v1/leads'],
      ['org_B', 'key_c', 'insufficient_scope', 403, 'GET /v1/leads'],
      ['org_B', 'key_b', 'path_not_allowed', 403, 'GET /v1/leads'],
      ['org_B', 'key_b', 'insufficient_scope', 429, 'GET /v1/leads'],
      ['org_B', 'key_b', 'insufficient_scope', 403, 'GET /v1/invoices'],
    ];
    for (const [org, key, reason, status, route] of variants)
      for (let i = 0; i < 2; i++) agg.record(org, key, reason, status, route, '10.0.0.1', req());
    const records = take(agg);
    expect(records).toHaveLength(variants.length);
    expect(records.every((r) => r.data.count === 2)).toBe(true);
  });

  it('refusals tied to no organisation are grouped by source network: IPv4 /24, IPv6 /64', () => {
    const agg = new DenialAggregator(budgets);
    for (const ip of [
      '198.51.100.1',
      '198.51.100.200',
      '198.51.101.1',
      '2001:db8:0:1::1',
      '2001:db8:0:1:ffff::2',
      '2001:db8:0:2::1',
    ])
      agg.record(
        undefined,
        undefined,
        'identity_refused',
        401,
        'POST /auth/login',
        ip,
        req('/auth/login', 'r', 'POST'),
      );
    const records = of(take(agg), SYSTEM_ORG_ID);
    expect(records.map((r) => [r.source_network, r.count]).sort()).toEqual([
      ['198.51.100.0/24', 2],
      ['198.51.101.0/24', 1],
      ['2001:db8:0:1::/64', 2],
      ['2001:db8:0:2::/64', 1],
    ]);
  });

  it('a sample holds at most STORED_PATH_MAX of the path plus the hash of the whole, and never the query string', () => {
    const agg = new DenialAggregator(budgets);
    const path = `/v1/${'a'.repeat(16 * 1024)}`;
    agg.record(
      undefined,
      undefined,
      'in_query',
      401,
      'GET /*',
      '10.0.0.1',
      req(`${path}?api_key=lk_live_secret`),
    );
    agg.record(
      undefined,
      undefined,
      'in_query',
      401,
      'GET /v1/leads',
      '10.0.0.1',
      req('/v1/leads?api_key=lk_live_secret'),
    );
    const [long, short] = of(take(agg), SYSTEM_ORG_ID).map((r) => r.sample);
    expect(long!.path).toHaveLength(STORED_PATH_MAX);
    expect(long).toMatchObject({
      path_truncated: true,
      path_sha256: createHash('sha256').update(path).digest('hex'),
    });
    expect(short).toMatchObject({ path: '/v1/leads', path_truncated: false });
    expect(JSON.stringify([long, short])).not.toContain('lk_live_secret');
  });

  it('each window starts empty: what came after a flush is counted in the next window only', () => {
    const agg = new DenialAggregator(budgets);
    for (let i = 0; i < 3; i++)
      agg.record('org_B', 'key_b', 'revoked', 401, 'GET /v1/leads', '10.0.0.1', req());
    const first = take(agg, T0, T0 + 10_000);
    expect(agg.size).toBe(0);
    agg.record('org_B', 'key_b', 'revoked', 401, 'GET /v1/leads', '10.0.0.1', req());
    const second = take(agg, T0 + 10_000, T0 + 20_000);
    expect(first.map((r) => r.data.count)).toEqual([3]);
    expect(second.map((r) => [r.data.count, r.data.window_start])).toEqual([
      [1, new Date(T0 + 10_000).toISOString()],
    ]);
    expect(second[0]!.data.decision_id).not.toBe(first[0]!.data.decision_id);
    // A budget used up in one window is whole again in the next.
    for (let i = 0; i < budgets.tuplesPerOrg; i++)
      agg.record('org_B', `k${i}`, 'revoked', 401, 'GET /v1/leads', '10.0.0.1', req());
    expect(take(agg).filter((r) => r.data.overflow)).toEqual([]);
  });

  it('beyond the organisations tracked per window, refusals are still counted, under `unknown`, per reason', async () => {
    const before = await overflowMetric('organisations');
    const agg = new DenialAggregator(budgets);
    for (let org = 0; org < budgets.orgsPerWindow + 3; org++)
      for (let i = 0; i < 4; i++)
        agg.record(`org_${org}`, 'key', 'rate_limited', 429, 'GET /v1/leads', '10.0.0.1', req());
    const records = take(agg);
    for (let org = 0; org < budgets.orgsPerWindow; org++) expect(sum(of(records, `org_${org}`))).toBe(4);
    expect(of(records, SYSTEM_ORG_ID)).toEqual([
      expect.objectContaining({ overflow: 'organisations', reason: 'rate_limited', route: '*', count: 12 }),
    ]);
    expect((await overflowMetric('organisations')) - before).toBe(12);
  });

  it('what went beyond a budget is counted by gateway_denials_overflow_total when the window is handed over', async () => {
    const org = await overflowMetric('organisation');
    const anonymous = await overflowMetric('anonymous');
    const agg = new DenialAggregator(budgets);
    for (let i = 0; i < budgets.tuplesPerOrg + 7; i++)
      agg.record('org_A', `key_${i}`, 'revoked', 401, 'GET /v1/leads', '10.0.0.1', req());
    for (let i = 0; i < budgets.tuplesAnonymous + 2; i++)
      agg.record(undefined, undefined, 'unknown_key', 401, 'GET /v1/leads', `10.0.${i}.1`, req());
    take(agg);
    expect((await overflowMetric('organisation')) - org).toBe(7);
    expect((await overflowMetric('anonymous')) - anonymous).toBe(2);
  });

  it('for any sequence of refusals: memory within the bound, and every refusal counted on its organisation (or `unknown`)', () => {
    const small: DenialBudgets = { tuplesPerOrg: 3, tuplesAnonymous: 4, orgsPerWindow: 2 };
    const reasons: DenialReason[] = ['revoked', 'insufficient_scope', 'rate_limited'];
    const refusal = fc.record({
      org: fc.option(fc.constantFrom('org_1', 'org_2', 'org_3', 'org_4'), { nil: undefined }),
      key: fc.option(fc.constantFrom('k1', 'k2', 'k3'), { nil: undefined }),
      reason: fc.constantFrom(...reasons),
      status: fc.constantFrom(401, 403),
      route: fc.constantFrom('GET /v1/leads', 'GET /v1/invoices', 'GET /*'),
      ip: fc.ipV4(),
    });
    fc.assert(
      fc.property(fc.array(refusal, { maxLength: 300 }), (refusals) => {
        const agg = new DenialAggregator(small);
        const pairs = reasons.length * 2;
        const bound = small.orgsPerWindow * (small.tuplesPerOrg + pairs) + small.tuplesAnonymous + 2 * pairs;
        const tracked = new Set<string>();
        const expected = new Map<string, number>();
        for (const r of refusals) {
          agg.record(r.org, r.key, r.reason, r.status, r.route, r.ip, req());
          expect(agg.size).toBeLessThanOrEqual(bound);
          let org = r.org ?? SYSTEM_ORG_ID;
          if (r.org && !tracked.has(r.org)) {
            if (tracked.size < small.orgsPerWindow) tracked.add(r.org);
            else org = SYSTEM_ORG_ID;
          }
          expected.set(org, (expected.get(org) ?? 0) + 1);
        }
        const records = take(agg);
        const counted = new Map<string, number>();
        for (const { orgId, data } of records) counted.set(orgId, (counted.get(orgId) ?? 0) + data.count);
        expect(counted).toEqual(expected);
      }),
    );
  });
});

describe('decision ids (ADR 0023)', () => {
  const budgets: DenialBudgets = { tuplesPerOrg: 10, tuplesAnonymous: 10, orgsPerWindow: 10 };

  it('answers every refusal of a record with the record’s id, so its explanation needs no per-request storage', () => {
    const agg = new DenialAggregator(budgets);
    const first = agg.record(
      'org_B',
      'key_b',
      'insufficient_scope',
      403,
      'GET /v1/invoices',
      '10.0.0.1',
      req(),
    );
    const second = agg.record(
      'org_B',
      'key_b',
      'insufficient_scope',
      403,
      'GET /v1/invoices',
      '10.0.0.2',
      req(),
    );
    expect(second).toBe(first);
    expect(take(agg)[0]?.data).toMatchObject({ decision_id: first });
  });

  it('never links two unlinkable answers (401s): each gets its own id, kept as an alias of the record up to the bound', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), (n) => {
        const agg = new DenialAggregator(budgets);
        const ids = Array.from({ length: n }, () =>
          agg.record(undefined, undefined, 'unknown_key', 401, 'GET /v1/leads', '10.0.0.1', req(), T0, {
            unlinkable: true,
          }),
        );
        expect(new Set(ids).size).toBe(n);
        const [record] = take(agg);
        expect(record?.data.decision_aliases).toEqual(ids.slice(0, 32));
        expect(ids).not.toContain(record?.data.decision_id);
      }),
      { numRuns: 20 },
    );
  });
});
