// Warm key verification per core, against a bare Map.get baseline, and the random-key flood bound.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { load1, save } from './lib.mjs';

const require = createRequire(import.meta.url);
const { generateSecret, checkSecret, hashUnderEach, pepperOf } = require('@latchkey/auth-core');
const { KeyCache } = require('../apps/gateway/dist/key-cache/key-cache.js');

const snapshot = (id) => ({
  key_id: id,
  org_id: 'org_bench',
  public_id: 'lk_pub_000000000000000000000000',
  status: 'active',
  environment: 'live',
  scopes: ['projects:read'],
  allowed_paths: [],
  allowed_ips: [],
  rate_limit: { limit: 120, window_seconds: 60 },
  expires_at: null,
  secret_valid_until: null,
});

async function warmVerification(iterations) {
  let lookups = 0;
  const cache = new KeyCache({
    peppers: [pepperOf('bench', 'p'.repeat(40))],
    ttlMs: 3_600_000,
    maxStaleMs: 3_600_000,
    negativeCacheSize: 1000,
    lookup: async () => {
      lookups += 1;
      return { found: true, key: snapshot('key_1') };
    },
  });
  const secret = generateSecret('live');
  await cache.get(secret);
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    // As the gateway's credential parser does: shape and checksum, nothing allocated.
    if (checkSecret(secret) !== 'ok') throw new Error('parse');
    // As the gateway does: the synchronous warm path, awaiting only on a miss.
    const key = cache.peek(secret) ?? (await cache.get(secret)).key;
    if (!key) throw new Error('miss');
  }
  const seconds = (performance.now() - started) / 1000;
  return { per_second: iterations / seconds, lookups };
}

function mapBaseline(iterations) {
  const map = new Map([['k'.repeat(43), { ok: true }]]);
  const key = 'k'.repeat(43);
  let hits = 0;
  const started = performance.now();
  for (let i = 0; i < iterations; i++) if (map.get(key)) hits += 1;
  const seconds = (performance.now() - started) / 1000;
  return { per_second: hits / seconds };
}

async function flood(distinct, negativeCacheSize) {
  let lookups = 0;
  const cache = new KeyCache({
    peppers: [pepperOf('bench', 'p'.repeat(40))],
    ttlMs: 60_000,
    maxStaleMs: 60_000,
    negativeCacheSize,
    lookup: async () => {
      lookups += 1;
      return { found: false };
    },
  });
  const secrets = Array.from({ length: distinct }, () => generateSecret('live'));
  for (const s of secrets) await cache.get(s);
  const first = lookups;
  for (const s of secrets) await cache.get(s);
  return {
    distinct,
    negative_cache_size: negativeCacheSize,
    lookups_first_pass: first,
    lookups_second_pass: lookups - first,
  };
}

/**
 * The miss path with `count` peppers (a pepper rotation holds two): a secret the cache has not seen,
 * hashed under each pepper and asked of a lookup that answers at once, so the figure is the
 * gateway's own cost of a miss (the NATS round trip to identity comes on top).
 */
async function missPath(count, iterations) {
  const peppers = Array.from({ length: count }, (_, i) => pepperOf(`p${i}`, `${i}`.repeat(40)));
  const cache = new KeyCache({
    peppers,
    ttlMs: 3_600_000,
    maxStaleMs: 3_600_000,
    negativeCacheSize: 0,
    positiveCacheSize: 10,
    lookup: async () => ({ found: true, key: snapshot('key_1') }),
  });
  const secrets = Array.from({ length: iterations }, () => generateSecret('live'));
  const started = performance.now();
  for (const secret of secrets) await cache.get(secret);
  return {
    peppers: count,
    microseconds_per_miss: Number((((performance.now() - started) * 1000) / iterations).toFixed(2)),
  };
}

/** The hashing alone: one HMAC-SHA-256 per pepper, what a miss adds per pepper. */
function hashCost(count, iterations) {
  const peppers = Array.from({ length: count }, (_, i) => pepperOf(`p${i}`, `${i}`.repeat(40)));
  const secret = generateSecret('live');
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < iterations; i++) sink += hashUnderEach(peppers, secret).length;
  if (sink !== count * iterations) throw new Error('hash');
  return { peppers: count, microseconds: ((performance.now() - started) * 1000) / iterations };
}

const runs = [];
for (let i = 0; i < 4; i++) {
  // ABAB: the product path and the baseline alternate, so machine noise hits both.
  runs.push({ warm: await warmVerification(1_000_000), baseline: mapBaseline(1_000_000) });
}
const warm = Math.max(...runs.map((r) => r.warm.per_second));
const baseline = Math.max(...runs.map((r) => r.baseline.per_second));
const floods = [await flood(20_000, 100_000), await flood(20_000, 5_000)];
const misses = [];
for (let round = 0; round < 3; round++)
  for (const count of [1, 2, 3]) misses.push(await missPath(count, 50_000));
const hashes = [];
for (let round = 0; round < 5; round++) for (const count of [1, 2, 3]) hashes.push(hashCost(count, 100_000));
const hashCostByPeppers = [1, 2, 3].map((count) => ({
  peppers: count,
  microseconds_per_miss: Number(
    Math.min(...hashes.filter((h) => h.peppers === count).map((h) => h.microseconds)).toFixed(2),
  ),
}));
const missCost = [1, 2, 3].map((count) => ({
  peppers: count,
  microseconds_per_miss: Math.min(
    ...misses.filter((m) => m.peppers === count).map((m) => m.microseconds_per_miss),
  ),
}));
save('key-verification', {
  runs,
  summary: {
    warm_verifications_per_second_per_core: Math.round(warm),
    goal_per_second: 1_000_000,
    meets_goal: warm >= 1_000_000,
    load1: load1(),
    ratio_to_map_get: Number((warm / baseline).toFixed(4)),
    flood: floods,
    miss_path_by_peppers: missCost,
    miss_hashing_by_peppers: hashCostByPeppers,
  },
});
