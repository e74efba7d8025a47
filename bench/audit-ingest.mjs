// Audit ingest throughput with batching (goal ≥ 50,000 events/s), against a baseline of plain
// batched inserts of the same rows (no dedup, no chain, no locks) measured in the same run.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { median, save } from './lib.mjs';

const require = createRequire(import.meta.url);
const { createTestDatabase, migrateAll, sql } = require('@latchkey/testing');
const { ormOptions, boundQuery } = require('@latchkey/runtime');
const { buildCloudEvent } = require('@latchkey/messaging');
const { MikroORM } = require('@mikro-orm/postgresql');
const { EventStore } = require('../apps/audit/dist/ingest/event-store.js');
const { AUDIT_ENTITIES } = require('../apps/audit/dist/database/entities.js');

const BATCH = 1000;
const TOTAL = 100_000;
const ORGS = Array.from({ length: 20 }, (_, i) => `org_BENCH${String(i).padStart(21, '0')}`);

function events(n, offset) {
  return Array.from({ length: n }, (_, i) =>
    buildCloudEvent({
      type: 'key.used',
      orgId: ORGS[(offset + i) % ORGS.length],
      source: 'latchkey/gateway',
      subject: `key_${(offset + i) % 500}`,
      data: { key_id: `key_${(offset + i) % 500}`, requests: 3, by_status: { 200: 2, 403: 1 }, by_path: { 'GET /v1/projects': 3 }, by_ip: { '10.0.0.1': 3 }, latency_ms: { total: 9, max: 4 }, last_ip: '10.0.0.1', window_start: new Date().toISOString(), window_end: new Date().toISOString(), gateway: 'bench' },
    }),
  );
}

const db = await createTestDatabase();
try {
  await migrateAll(db.url);
  const orm = await MikroORM.init(ormOptions({ DATABASE_URL: db.url, DATABASE_SCHEMA: 'audit', DATABASE_POOL_MAX: 4 }, AUDIT_ENTITIES));
  const store = new EventStore(orm);
  await sql(db.url, 'create table audit.baseline (id text primary key, org_id text, type text, data jsonb)');

  // Events are made before the clock starts: only storing is measured.
  const batchesOf = (offset) => Array.from({ length: TOTAL / BATCH }, (_, i) => events(BATCH, offset + i * BATCH));
  async function product(offset) {
    const batches = batchesOf(offset);
    const started = performance.now();
    for (const batch of batches) await store.store(batch);
    return TOTAL / ((performance.now() - started) / 1000);
  }
  async function baseline(offset) {
    const em = orm.em.fork();
    const batches = batchesOf(offset).map((b) => JSON.stringify(b.map((e) => ({ id: e.id, org_id: e.orgid, type: e.type, data: e.data }))));
    const started = performance.now();
    for (const rows of batches) {
      await boundQuery(em, `insert into audit.baseline select * from jsonb_to_recordset($1::jsonb) as r(id text, org_id text, type text, data jsonb)`, [rows]);
    }
    return TOTAL / ((performance.now() - started) / 1000);
  }
  const runs = [];
  for (let round = 0; round < 2; round++) runs.push({ product: await product(round * TOTAL * 10), baseline: await baseline(round * TOTAL * 10) });
  // Redelivery of an already stored batch costs a lookup, never a second row.
  const redelivered = events(BATCH, 0);
  await store.store(redelivered);
  const again = await store.store(redelivered);
  const [{ n }] = await sql(db.url, 'select count(*)::int as n from audit.events');
  await orm.close();
  const eventsPerSecond = median(runs.map((r) => r.product));
  save('audit-ingest', {
    runs,
    summary: {
      events_per_second: Math.round(eventsPerSecond),
      goal_events_per_second: 50_000,
      meets_goal: eventsPerSecond >= 50_000,
      ratio_to_plain_insert: Number((eventsPerSecond / median(runs.map((r) => r.baseline))).toFixed(3)),
      batch_size: BATCH,
      stored_rows: n,
      duplicates_stored_on_redelivery: again,
    },
  });
} finally {
  await db.drop();
}
