// Audit ingest, end to end (goal ≥ 50,000 events/s with zero loss), and the delay from a commit in
// identity to the row in audit.
//
// 1. Throughput: TOTAL `key.used` events (20 organisations, 500 keys) are published to JetStream,
//    then the real audit service (apps/audit/dist/main.js, its own process) is started and drains
//    them: durable consumer → EventStore (dedup, hash chain, rollups) → PostgreSQL. The rate is
//    measured as committed rows seen by polling PostgreSQL, from the first commit seen to the last.
// 2. Zero loss, in the same run: every published id is a row exactly once; a republished slice
//    (new Nats-Msg-Id, same event ids: a redelivery JetStream cannot de-duplicate) adds no row;
//    `audit:verify` recomputes every chain.
// 3. Delay: keys created through the gateway (identity commits the key and its outbox row in one
//    transaction), delay = audit.events.received_at − identity.outbox.created_at (same clock);
//    once on a quiet stream, once while audit ingests a steady background load.
// Baseline (same run): a plain batched insert of the same rows into a table with only a primary key.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { percentile, save } from './lib.mjs';

const require = createRequire(import.meta.url);
const { isolatedStack, migrateAll, runLatchkey, seedAll, Stack } = require('@latchkey/testing');
const { generateDeploymentSecrets } = require('@latchkey/runtime');
const { buildCloudEvent, ensureStream } = require('@latchkey/messaging');
const { subjectsFor } = require('@latchkey/contracts');
const { AckPolicy, jetstream, jetstreamManager } = require('@nats-io/jetstream');
const pg = require('pg');

const TOTAL = Number(process.env.BENCH_AUDIT_EVENTS ?? 200_000);
const BATCH = Number(process.env.BENCH_AUDIT_BATCH ?? 5000);
const LANES = Number(process.env.BENCH_AUDIT_LANES ?? 3);
const REDELIVERED = 5000;
const DELAY_SAMPLES = 200;
// BENCH_AUDIT_DRAIN_ONLY=1: phases 1 and 2 only (e.g. with BENCH_CPU_PROF=<dir> to profile the drain).
const DRAIN_ONLY = process.env.BENCH_AUDIT_DRAIN_ONLY === '1';
const ORGS = Array.from({ length: 20 }, (_, i) => `org_BENCH${String(i).padStart(21, '0')}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const load = () => loadavg().map((l) => Number(l.toFixed(2)));

/** CPU seconds (user + system) of a process, from /proc; NaN if it cannot be read. */
function processCpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The CPU time of the stack's own nats-server (every bench stack has a private one). */
function natsServerCpuSeconds() {
  try {
    return processCpuSeconds(String(bus.server.pid));
  } catch {
    return NaN;
  }
}

function keyUsed(i) {
  const at = new Date().toISOString();
  return buildCloudEvent({
    type: 'key.used',
    orgId: ORGS[i % ORGS.length],
    source: 'latchkey/gateway',
    subject: `key_${i % 500}`,
    data: {
      key_id: `key_${i % 500}`,
      requests: 3,
      by_status: { 200: 2, 403: 1 },
      by_path: { 'GET /v1/projects': 3 },
      by_ip: { '10.0.0.1': 3 },
      latency_ms: { total: 9, max: 4 },
      last_ip: '10.0.0.1',
      window_start: at,
      window_end: at,
      gateway: 'bench',
    },
  });
}

const { options, db, bus } = await isolatedStack({
  name: 'bench-audit',
  secrets: generateDeploymentSecrets(),
  env: {
    gateway: { LOG_LEVEL: 'warn' },
    identity: { LOG_LEVEL: 'warn' },
    'data-api': { LOG_LEVEL: 'warn' },
    audit: {
      LOG_LEVEL: 'warn',
      AUDIT_BATCH_SIZE: String(BATCH),
      AUDIT_STORE_LANES: String(LANES),
      NODE_OPTIONS: [
        process.env.BENCH_AUDIT_NODE_OPTIONS ?? '',
        process.env.BENCH_CPU_PROF ? `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}` : '',
      ]
        .join(' ')
        .trim(),
    },
  },
});
const stack = new Stack(options);
// Publishes key.used as the gateways do: the bus admits only its users, each to its own events.
const nc = await bus.server.connect('gateway');
// Reads and administers the stream's consumers (the ceiling's consumer, audit's state).
const operator = await bus.server.connect('operator');
const client = new pg.Client({ connectionString: db.url });
try {
  await migrateAll(db.url);
  const orgs = await seedAll(options);
  await client.connect();
  const query = async (text, params) => (await client.query(text, params)).rows;
  const subjects = subjectsFor(bus.subjectPrefix);
  await ensureStream(await jetstreamManager(nc), bus.stream, [subjects.events]);
  const jsm = await jetstreamManager(operator);
  const js = jetstream(nc);
  const encoder = new TextEncoder();
  async function publish(events, msgIdSuffix = '') {
    const window = 2000;
    for (let i = 0; i < events.length; i += window) {
      await Promise.all(
        events.slice(i, i + window).map((e) =>
          js.publish(subjects.event(e.orgid, 'key.used'), encoder.encode(JSON.stringify(e)), {
            msgID: `${e.id}${msgIdSuffix}`,
          }),
        ),
      );
    }
  }

  const events = Array.from({ length: TOTAL }, (_, i) => keyUsed(i));

  // Baseline: the same rows, plain batched insert, one primary key, no chain, no rollups.
  await query('create table audit.baseline (id text primary key, org_id text, type text, data jsonb)');
  let started = performance.now();
  for (let i = 0; i < TOTAL; i += BATCH) {
    const rows = JSON.stringify(
      events.slice(i, i + BATCH).map((e) => ({ id: e.id, org_id: e.orgid, type: e.type, data: e.data })),
    );
    await query('begin');
    await query(
      'insert into audit.baseline select * from jsonb_to_recordset($1::jsonb) as r(id text, org_id text, type text, data jsonb)',
      [rows],
    );
    await query('commit');
  }
  const baselinePerSecond = TOTAL / ((performance.now() - started) / 1000);
  await query('drop table audit.baseline');

  started = performance.now();
  await publish(events);
  const publishPerSecond = TOTAL / ((performance.now() - started) / 1000);

  // Ceiling: the same backlog through a durable pull consumer that only acks each message (no
  // parse, no store): what JetStream delivery plus explicit acks alone allow on this machine.
  await jsm.consumers.add(bus.stream, {
    durable_name: 'bench-ceiling',
    ack_policy: AckPolicy.Explicit,
    filter_subject: subjects.events,
    max_ack_pending: 20_000,
  });
  const natsCpuBeforeCeiling = natsServerCpuSeconds();
  started = performance.now();
  await new Promise((resolve, reject) => {
    let acked = 0;
    jetstream(operator)
      .consumers.get(bus.stream, 'bench-ceiling')
      .then(
        (consumer) =>
          consumer.consume({
            max_messages: BATCH,
            callback: (msg) => {
              msg.ack();
              if (++acked === TOTAL) resolve();
            },
          }),
        reject,
      );
  });
  await operator.flush();
  const ackOnlyPerSecond = TOTAL / ((performance.now() - started) / 1000);
  const natsCpuPerEventAckOnlyUs = ((natsServerCpuSeconds() - natsCpuBeforeCeiling) / TOTAL) * 1e6;
  await jsm.consumers.delete(bus.stream, 'bench-ceiling');

  // 1. Drain the backlog with the real audit service.
  const loadBefore = load();
  const natsCpuBefore = natsServerCpuSeconds();
  const spawnedAt = performance.now();
  await stack.start(['audit']);
  const count = async () =>
    Number((await query('select count(*) as n from audit.events where org_id = any($1)', [ORGS]))[0].n);
  // Committed rows as a client sees them, polled every 50 ms: from the first commit seen to the last.
  const drainDeadline = performance.now() + 600_000;
  let first;
  let rows = 0;
  while (rows < TOTAL && performance.now() < drainDeadline) {
    rows = await count();
    if (rows > 0 && !first) first = { at: performance.now(), rows };
    if (rows < TOTAL) await sleep(50);
  }
  const lastAt = performance.now();
  const wallSeconds = (lastAt - spawnedAt) / 1000;
  const eventsPerSecond = (rows - first.rows) / ((lastAt - first.at) / 1000);
  // The same on PostgreSQL's clock (received_at is taken per row as it is inserted).
  const [span] = await query(
    `with s as (select min(received_at) as first, max(received_at) as last from audit.events where org_id = any($1))
     select extract(epoch from s.last - s.first) as seconds from s`,
    [ORGS],
  );
  const loadDuring = load();
  const natsCpuDuringDrain = natsServerCpuSeconds() - natsCpuBefore;
  // What the audit process saw: batch sizes and time per stored batch (its Prometheus metrics).
  const metrics = await (await fetch(`${stack.opsUrl('audit')}/metrics`)).text();
  const metric = (name) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  const batches = metric('audit_ingest_batch_size_count');
  const ingest = {
    batches,
    mean_batch_size: Math.round(metric('audit_ingest_batch_size_sum') / batches),
    mean_store_ms_per_batch: Number(
      (
        (1000 * metric('audit_ingest_store_seconds_sum')) /
        metric('audit_ingest_store_seconds_count')
      ).toFixed(1),
    ),
    audit_process_cpu_seconds: Number(metric('process_cpu_seconds_total').toFixed(1)),
    // Delivering the backlog and taking its acks (the server on this machine, if it is a local process).
    nats_server_cpu_seconds_during_drain: Number.isNaN(natsCpuDuringDrain)
      ? null
      : Number(natsCpuDuringDrain.toFixed(1)),
    // The PostgreSQL backends serving audit's connections (same machine: their /proc entries);
    // audit is the only service running yet, so every other connection to this database is its.
    postgres_backends_cpu_seconds: Number(
      (
        await query(
          'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        )
      )
        .map(({ pid }) => processCpuSeconds(pid) || 0)
        .reduce((sum, seconds) => sum + seconds, 0)
        .toFixed(1),
    ),
  };

  // 2. Zero loss: a redelivery of already stored events, then count every published id.
  await publish(events.slice(0, REDELIVERED), '-again');
  const settled = async () => {
    const info = await jsm.consumers.info(bus.stream, 'audit');
    return info.num_pending === 0 && info.num_ack_pending === 0;
  };
  const settleDeadline = performance.now() + 120_000;
  while (!(await settled()) && performance.now() < settleDeadline) await sleep(200);
  const stored = new Map(
    (
      await query('select id, count(*)::int as n from audit.events where org_id = any($1) group by id', [
        ORGS,
      ])
    ).map((r) => [r.id, r.n]),
  );
  const lost = events.filter((e) => !stored.has(e.id)).length;
  const duplicated = [...stored.values()].filter((n) => n > 1).length;
  const published = new Set(events.map((e) => e.id));
  const unexpected = [...stored.keys()].filter((id) => !published.has(id)).length;
  // `latchkey audit verify-chain` recomputes every chain: exit code 0 and ok, or the first broken link.
  const verify = await runLatchkey(['--json', 'audit', 'verify-chain'], { DATABASE_URL: db.url });
  const verifyReport = verify.stdout ? JSON.parse(verify.stdout) : { chains: 0, broken: null };
  const chainSummary = `${verifyReport.chains} chain(s) checked, ${verifyReport.broken ?? '?'} broken (exit ${verify.code})`;
  const chainOk = verify.code === 0 && verifyReport.ok === true;

  // 3. Commit → audit delay, quiet stream, then under a steady background load (a quarter of the
  //    drain rate just measured, so audit keeps up and the delay is not a growing backlog).
  const loadRate = Number(
    process.env.BENCH_AUDIT_LOAD_RATE ?? Math.max(100, Math.round(eventsPerSecond / 4 / 100) * 100),
  );
  if (!DRAIN_ONLY) await stack.start(['identity', 'data-api', 'gateway']);
  const call = async (method, path, body, token) => {
    const response = await fetch(`${stack.gatewayUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return response.json();
  };
  const owner = DRAIN_ONLY
    ? null
    : (await call('POST', '/auth/login', { email: orgs[0].email, password: orgs[0].password })).access_token;
  async function delays(label) {
    const ids = [];
    for (let i = 0; i < DELAY_SAMPLES; i++) {
      ids.push(
        (
          await call(
            'POST',
            '/admin/keys',
            { name: `${label}-${i}`, scopes: ['projects:read'], expires_in_days: 7 },
            owner,
          )
        ).id,
      );
      await sleep(10);
    }
    const deadline = performance.now() + 60_000;
    let rows = [];
    while (performance.now() < deadline) {
      rows = await query(
        `select extract(epoch from a.received_at - o.created_at) * 1000 as ms
           from audit.events a join identity.outbox o on o.id = a.id
          where a.type = 'key.created' and a.data->>'key_id' = any($1)`,
        [ids],
      );
      if (rows.length === ids.length) break;
      await sleep(250);
    }
    const ms = rows.map((r) => Number(r.ms));
    return {
      samples: ms.length,
      missing: ids.length - ms.length,
      p50: Number(percentile(ms, 50).toFixed(1)),
      p99: Number(percentile(ms, 99).toFixed(1)),
      max: Number(Math.max(...ms).toFixed(1)),
    };
  }
  const quiet = DRAIN_ONLY ? null : await delays('delay-quiet');
  let loading = !DRAIN_ONLY;
  let background = 0;
  const loader = (async () => {
    // loadRate events/s in 100 ms slices, published as fast as JetStream acks them.
    let i = TOTAL;
    while (loading) {
      const slice = Array.from({ length: Math.ceil(loadRate / 10) }, () => keyUsed(i++));
      const t = performance.now();
      await publish(slice);
      background += slice.length;
      await sleep(Math.max(0, 100 - (performance.now() - t)));
    }
  })();
  if (!DRAIN_ONLY) await sleep(1000);
  const loadedStart = performance.now();
  const loaded = DRAIN_ONLY ? null : await delays('delay-loaded');
  loading = false;
  await loader;
  const achievedLoadRate = Math.round(background / ((performance.now() - loadedStart + 1000) / 1000));

  save('audit-ingest', {
    load_average_1_5_15: { before: loadBefore, after_drain: loadDuring, end: load() },
    phases: {
      publish_events_per_second: Math.round(publishPerSecond),
      drain: {
        events: TOTAL,
        first_commit_seen_rows: first.rows,
        seconds_first_to_last_commit_seen: Number(((lastAt - first.at) / 1000).toFixed(2)),
        events_per_second_on_database_clock: Math.round(TOTAL / Number(span.seconds)),
        wall_seconds_from_process_start: Number(wallSeconds.toFixed(2)),
      },
      baseline_plain_insert_events_per_second: Math.round(baselinePerSecond),
      ceiling_jetstream_deliver_and_ack_only: {
        events_per_second: Math.round(ackOnlyPerSecond),
        nats_server_cpu_us_per_event: Number.isNaN(natsCpuPerEventAckOnlyUs)
          ? null
          : Number(natsCpuPerEventAckOnlyUs.toFixed(1)),
      },
      chain_verify: chainSummary,
      audit_process: ingest,
    },
    summary: {
      events_per_second: Math.round(eventsPerSecond),
      goal_events_per_second: 50_000,
      meets_goal: eventsPerSecond >= 50_000 && lost === 0 && duplicated === 0 && chainOk,
      ratio_to_plain_insert: Number((eventsPerSecond / baselinePerSecond).toFixed(3)),
      batch_size: BATCH,
      store_lanes: LANES,
      published: TOTAL,
      lost,
      duplicated,
      unexpected_rows: unexpected,
      redelivered_events: REDELIVERED,
      chain_ok: chainOk,
      delay_commit_to_audit_ms: {
        quiet,
        under_load: loaded && {
          ...loaded,
          background_events_per_second_target: loadRate,
          background_events_per_second: achievedLoadRate,
        },
      },
    },
  });
} finally {
  await client.end().catch(() => undefined);
  await stack.stopAll();
  await nc.close();
  await operator.close();
  await bus.remove();
  await db.drop();
}
