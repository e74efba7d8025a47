// One tenant's flood of refusals against another tenant's audit trail (ADR 0008), through the real
// gateway and audit service:
// - tenant A sends FLOOD requests that are all refused (keys without the routes' scope), spread over
//   A_KEYS keys × the refused routes, so it touches far more distinct (key, reason, route) tuples
//   than its budget of records per window;
// - meanwhile tenant B sends B_REQUESTS refused requests, evenly through the flood;
// - then: the sum of `count` over B's `auth.denied` records (must be B_REQUESTS: none lost to A's
//   flood), over A's (must be FLOOD: the flood is counted too), and the number of stored events
//   against the bound windows × records allowed per window.
// The gateway runs with its defaults (10 s windows, 100 records per organisation per window); before
// ADR 0008 the same run stored one event per refusal, from one 50,000-entry queue shared by all tenants.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { cpuMs, issueReadKey, jsonCaller, load1, save, signIn } from './lib.mjs';

const require = createRequire(import.meta.url);
const { isolatedStack, migrateAll, seedAll, Stack } = require('@latchkey/testing');
const { generateDeploymentSecrets } = require('@latchkey/runtime');
const { API_ROUTES } = require('@latchkey/api-routes');
const { buildCloudEvent } = require('@latchkey/messaging');
const pg = require('pg');

const FLOOD = Number(process.env.BENCH_DENIAL_FLOOD ?? 100_000);
const B_REQUESTS = 100;
const A_KEYS = 20;
const CONCURRENCY = 32;
const BUDGET = 100; // DENIAL_TUPLES_PER_ORG's default
const WINDOW_MS = 10_000; // USAGE_FLUSH_MS's default

/**
 * What recording one refusal costs the gateway's event loop, in the built aggregator (ns per call),
 * for a tuple that already has its record — the case a flood is made of — against what the gateway
 * did before ADR 0008 for every refusal: build the event's payload and queue it.
 */
function recordCost() {
  const { DenialAggregator } = require('../apps/gateway/dist/usage/denial-aggregator.js');
  const N = 2_000_000;
  const request = { method: 'GET', url: '/v1/leads/led_1', id: 'req-1' };
  const keys = Array.from({ length: A_KEYS }, (_, i) => `key_${i}`);
  const routes = API_ROUTES.map((r) => `${r.method} ${r.path}`);
  const time = (fn) => {
    fn(N / 10); // warm up
    const t = performance.now();
    fn(N);
    return Number((((performance.now() - t) * 1e6) / N).toFixed(1));
  };
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    const aggregator = new DenialAggregator({
      tuplesPerOrg: BUDGET,
      tuplesAnonymous: 1000,
      orgsPerWindow: 1000,
    });
    let queue = [];
    rounds.push({
      organisation_ns: time((n) => {
        for (let i = 0; i < n; i++)
          aggregator.record(
            'org_A',
            keys[i % A_KEYS],
            'insufficient_scope',
            403,
            routes[i % 12],
            '10.0.0.1',
            request,
          );
      }),
      anonymous_ns: time((n) => {
        for (let i = 0; i < n; i++)
          aggregator.record(undefined, undefined, 'unknown_key', 401, routes[i % 12], '203.0.113.7', request);
      }),
      // Tenant B with more distinct tuples than its budget: most refusals land on its overflow record.
      beyond_budget_ns: time((n) => {
        for (let i = 0; i < n; i++)
          aggregator.record(
            'org_B',
            `k${i % 500}`,
            'insufficient_scope',
            403,
            routes[i % 12],
            '10.0.0.1',
            request,
          );
      }),
      before_one_event_per_refusal_ns: time((n) => {
        for (let i = 0; i < n; i++) {
          if (queue.length >= 50_000) queue = [];
          queue.push({
            orgId: 'org_A',
            data: {
              reason: 'insufficient_scope',
              key_id: keys[i % A_KEYS],
              path: request.url.split('?')[0] ?? '',
              method: request.method,
              ip: '10.0.0.1',
              status: 403,
            },
          });
        }
      }),
    });
  }
  const best = (field) => Math.min(...rounds.map((r) => r[field]));
  // What each of those payloads then cost at the flush, before it was published: its CloudEvent
  // envelope and JSON (the publish and JetStream's ack not counted).
  const envelope = time((n) => {
    for (let i = 0; i < n; i++)
      JSON.stringify(
        buildCloudEvent({
          type: 'auth.denied',
          orgId: 'org_A',
          source: 'latchkey/gateway',
          subject: keys[i % A_KEYS],
          data: {
            reason: 'insufficient_scope',
            key_id: keys[i % A_KEYS],
            path: '/v1/leads/led_1',
            method: 'GET',
            ip: '10.0.0.1',
            status: 403,
          },
        }),
      );
  });
  return {
    organisation_ns: best('organisation_ns'),
    anonymous_ns: best('anonymous_ns'),
    beyond_budget_ns: best('beyond_budget_ns'),
    before_one_event_per_refusal_ns: best('before_one_event_per_refusal_ns'),
    before_envelope_and_json_per_refusal_ns: envelope,
    rounds,
  };
}

const progress = (phase) => console.error(`${new Date().toISOString()} ${phase} (load ${load1()})`);
const quiet = { LOG_LEVEL: 'warn' };
const { options, db, bus } = await isolatedStack({
  name: 'bench-denials',
  secrets: generateDeploymentSecrets(),
  env: {
    // The flood comes from one address: keep the per-address failure throttle out of it (its
    // refusals are insufficient_scope, which it does not count anyway).
    gateway: { ...quiet, AUTH_FAILURE_LIMIT: '1000000' },
    identity: quiet,
    'data-api': quiet,
    audit: quiet,
  },
});
await migrateAll(db.url);
const orgs = await seedAll(options);
const stack = new Stack(options);
const client = new pg.Client({ connectionString: db.url });
try {
  await stack.start();
  await client.connect();
  const query = async (text, params) => (await client.query(text, params)).rows;
  const gateway = stack.gatewayUrl;
  const gatewayPid = stack.processes.get('gateway').pid;
  const call = jsonCaller(gateway);
  const [orgA, orgB] = orgs;
  // A limit no flood reaches: every refusal is the scope's, not the rate limit's.
  const issue = (owner, name) => issueReadKey(call, owner, name);
  const ownerA = await signIn(call, orgA);
  const ownerB = await signIn(call, orgB);
  const aKeys = [];
  for (let i = 0; i < A_KEYS; i++) aKeys.push(await issue(ownerA, `flood-${i}`));
  const bKey = await issue(ownerB, 'victim');

  // Every GET route a projects:read key may not use, parameters filled.
  const refusedPaths = API_ROUTES.filter((r) => r.method === 'GET' && !r.scope.startsWith('projects:')).map(
    (r) => r.path.replace(/:[a-z_]+/g, 'x1'),
  );
  const tuplesA = A_KEYS * refusedPaths.length;
  const bPaths = ['/v1/leads', '/v1/invoices/inv_1'];

  const record = recordCost();
  progress(`recording a refusal: ${JSON.stringify(record)}`);
  progress(`flood: ${FLOOD} refusals of tenant A over ${tuplesA} tuples, ${B_REQUESTS} of tenant B`);
  const pool = new Pool(gateway, { connections: CONCURRENCY, pipelining: 1 });
  const statuses = { a: {}, b: {} };
  const tally = (who, status) => (statuses[who][status] = (statuses[who][status] ?? 0) + 1);
  let sent = 0;
  const cpuBefore = cpuMs([gatewayPid]);
  const started = performance.now();
  const floodWorker = async () => {
    for (let i = sent++; i < FLOOD; i = sent++) {
      const key = aKeys[i % A_KEYS];
      const path = refusedPaths[Math.floor(i / A_KEYS) % refusedPaths.length];
      const { statusCode, body } = await pool.request({
        method: 'GET',
        path,
        headers: { authorization: `Bearer ${key.secret}` },
      });
      await body.dump();
      tally('a', statusCode);
    }
  };
  // B's refusals spread evenly through the flood (one each FLOOD / B_REQUESTS of A's).
  const tenantB = async () => {
    for (let j = 0; j < B_REQUESTS; j++) {
      while (sent < ((j + 0.5) * FLOOD) / B_REQUESTS) await sleep(2);
      const { statusCode, body } = await pool.request({
        method: 'GET',
        path: bPaths[j % bPaths.length],
        headers: { authorization: `Bearer ${bKey.secret}` },
      });
      await body.dump();
      tally('b', statusCode);
    }
  };
  await Promise.all([...Array.from({ length: CONCURRENCY }, floodWorker), tenantB()]);
  const floodSeconds = (performance.now() - started) / 1000;
  const gatewayCpuMs = cpuMs([gatewayPid]) - cpuBefore;
  await pool.close();
  const loadDuring = load1();
  progress(`flood sent in ${floodSeconds.toFixed(1)} s; waiting for the audit trail`);

  const stored = async (orgId) =>
    (
      await query(
        `select count(*)::int as events, coalesce(sum((data->>'count')::int), 0)::int as refusals,
                count(*) filter (where data ? 'overflow')::int as overflow_events
           from audit.events where type = 'auth.denied' and org_id = $1`,
        [orgId],
      )
    )[0];
  // The last window is flushed within WINDOW_MS; audit stores it within a moment.
  const deadline = performance.now() + WINDOW_MS * 6;
  let a = await stored(orgA.org_id);
  let b = await stored(orgB.org_id);
  while ((a.refusals < FLOOD || b.refusals < B_REQUESTS) && performance.now() < deadline) {
    await sleep(500);
    a = await stored(orgA.org_id);
    b = await stored(orgB.org_id);
  }
  // Nothing more arrives after the totals are reached (a late duplicate would show here).
  await sleep(WINDOW_MS + 2000);
  a = await stored(orgA.org_id);
  b = await stored(orgB.org_id);

  const windows = await query(
    `select data->>'gateway' as gateway, data->>'window_start' as window_start, count(*)::int as records,
            sum((data->>'count')::int)::int as refusals
       from audit.events where type = 'auth.denied' and org_id = $1
      group by 1, 2 order by 2`,
    [orgA.org_id],
  );
  const bTrail = await call('GET', '/audit/events?type=auth.denied&limit=500', undefined, ownerB);
  const bTrailRefusals = bTrail.data.reduce((n, e) => n + e.data.count, 0);
  const metrics = await (await fetch(`${stack.opsUrl('gateway')}/metrics`)).text();
  const overflowMetric = Number(
    /^gateway_denials_overflow_total\{bucket="organisation"\} (\S+)$/m.exec(metrics)?.[1] ?? 0,
  );
  const gatewayRssMb = Number(
    (/^process_resident_memory_bytes(?:\{[^}]*\})? (\S+)$/m.exec(metrics)?.[1] ?? NaN) / 1024 / 1024,
  );

  // Records per window for A: its budget (or fewer distinct tuples) + one overflow record per
  // (reason, status) it overflowed with (here one: insufficient_scope, 403).
  const perWindowBound = Math.min(tuplesA, BUDGET) + 1;
  const bound = windows.length * perWindowBound;
  const bOk = b.refusals === B_REQUESTS && bTrailRefusals === B_REQUESTS;
  const aOk = a.refusals === FLOOD;
  const boundOk = a.events <= bound && Math.max(...windows.map((w) => w.records)) <= perWindowBound;
  save('denial-flood', {
    summary: {
      flood_refusals_sent: FLOOD,
      flood_refusals_counted: a.refusals,
      flood_events_stored: a.events,
      flood_overflow_events: a.overflow_events,
      flood_distinct_tuples: tuplesA,
      windows: windows.length,
      records_per_window_bound: perWindowBound,
      events_bound: bound,
      other_tenant_refusals_sent: B_REQUESTS,
      other_tenant_refusals_in_store: b.refusals,
      other_tenant_refusals_in_its_trail: bTrailRefusals,
      other_tenant_events_stored: b.events,
      events_one_per_refusal_before: FLOOD + B_REQUESTS,
      record_refusal_ns: record.organisation_ns,
      record_refusal_anonymous_ns: record.anonymous_ns,
      record_refusal_beyond_budget_ns: record.beyond_budget_ns,
      record_refusal_before_ns: record.before_one_event_per_refusal_ns,
      record_refusal_before_envelope_ns: record.before_envelope_and_json_per_refusal_ns,
      gateway_cpu_us_per_refused_request: Number(((gatewayCpuMs * 1000) / (FLOOD + B_REQUESTS)).toFixed(1)),
      flood_requests_per_second: Math.round((FLOOD + B_REQUESTS) / floodSeconds),
      meets_goal: bOk && aOk && boundOk,
    },
    record_cost: record,
    statuses,
    flood_seconds: Number(floodSeconds.toFixed(1)),
    window_ms: WINDOW_MS,
    budget_per_org: BUDGET,
    per_window: windows,
    overflow_metric_organisation: overflowMetric,
    gateway_rss_mb_after: Number(gatewayRssMb.toFixed(1)),
    load1_during: loadDuring,
  });
  if (!bOk || !aOk || !boundOk) process.exitCode = 1;
} finally {
  await client.end().catch(() => undefined);
  await stack.stopAll();
  await bus.remove();
  await db.drop();
}
