// Sizing the gateway from measurement (docs/operations.md "Sizing"; k8s/base/gateway.yaml):
// - CPU-seconds per 1,000 proxied requests at steady open-loop rates (GET /v1/projects with a warm
//   API key, a trivial upstream behind it so only the gateway is measured), from /proc/<pid>/stat;
// - the most the process uses at saturation (cores: main thread plus V8/libuv helper threads);
// - the heap and RSS with full caches: POSITIVE_CACHE_SIZE distinct valid keys and
//   NEGATIVE_CACHE_SIZE distinct well-formed unknown secrets presented once each (every key then also
//   has a rate-limit window and a usage counter), read from the gateway's own /metrics.
// Run: node bench/sizing.mjs (after a build). SIZING_KEYS=<n> caps the number of keys (default: the
// configured cache sizes). Results: bench/results/sizing.json.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { Pool } from 'undici';
import {
  cpuMs,
  jsonCaller,
  load1,
  openLoopProcess,
  ownerAndReadKey,
  save,
  startTrivialUpstream,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const { isolatedStack, freePort, migrateAll, seedAll, serviceEnv, Stack } = require('@latchkey/testing');
const { generateDeploymentSecrets, keyPeppers } = require('@latchkey/runtime');
const { checksumOf, hashUnderEach, randomBase62, newId } = require('@latchkey/auth-core');
const { gatewayConfigSchema } = require('../apps/gateway/dist/config/gateway-config.js');

const progress = (phase) => console.error(`${new Date().toISOString()} ${phase} (load ${load1()})`);

const upstream = await startTrivialUpstream(
  JSON.stringify({ data: [], next_cursor: null }),
  await freePort(),
);
const quiet = { LOG_LEVEL: 'warn' };
const { options, db, bus } = await isolatedStack({
  name: 'sizing',
  secrets: generateDeploymentSecrets(),
  env: {
    // Every refused secret comes from this one address: keep the per-IP failure budget out of it.
    gateway: { ...quiet, DATA_API_URL: upstream.origin, AUTH_FAILURE_LIMIT: '1000000' },
    identity: quiet,
  },
});
const config = gatewayConfigSchema.parse(serviceEnv(options, 'gateway'));
const positive = Math.min(config.POSITIVE_CACHE_SIZE, Number(process.env.SIZING_KEYS ?? Infinity));
const negative = Math.min(config.NEGATIVE_CACHE_SIZE, Number(process.env.SIZING_KEYS ?? Infinity));
await migrateAll(db.url);
const orgs = await seedAll(options);
const stack = new Stack(options);
try {
  await stack.start(['identity', 'gateway']);
  const gateway = stack.gatewayUrl;
  const gatewayPid = stack.processes.get('gateway').pid;
  const { key } = await ownerAndReadKey(jsonCaller(gateway), orgs[0], 'sizing');
  const headers = { authorization: `Bearer ${key.secret}` };

  // 1. CPU per 1,000 requests at steady rates (a warm key: the common case). First what the process
  // burns with no traffic (timers, NATS heartbeats and rate-limit sync, metrics), so the per-request
  // cost can be told from the fixed one.
  const seconds = 20;
  await openLoopProcess(gateway, '/v1/projects', headers, { rate: 200, seconds: 5 }); // warm-up (JIT)
  progress('idle');
  const idleBefore = cpuMs([gatewayPid]);
  const idleStart = performance.now();
  await sleep(10_000);
  const idleCores = (cpuMs([gatewayPid]) - idleBefore) / (performance.now() - idleStart);
  const steady = [];
  for (const rate of [250, 500, 1000]) {
    progress(`steady ${rate} req/s`);
    const before = cpuMs([gatewayPid]);
    const started = performance.now();
    const result = await openLoopProcess(gateway, '/v1/projects', headers, { rate, seconds, warmup: 0 });
    const cpu = cpuMs([gatewayPid]) - before;
    const wall = performance.now() - started;
    steady.push({
      rate,
      requests: result.requests,
      failed: result.failed,
      p99_us: result.p99_us,
      // CPU-ms per request = CPU-s per 1,000 requests.
      cpu_seconds_per_1000_requests: Number((cpu / result.requests).toFixed(3)),
      // Less the idle cost over the same wall time: what each request adds.
      net_cpu_seconds_per_1000_requests: Number(((cpu - idleCores * wall) / result.requests).toFixed(3)),
      cores: Number((cpu / wall).toFixed(3)),
      load1: load1(),
    });
  }

  // 2. Saturation: far more than one process can serve; what it burns then (helper threads included).
  progress('saturation');
  const satBefore = cpuMs([gatewayPid]);
  const satStart = performance.now();
  const saturated = await openLoopProcess(gateway, '/v1/projects', headers, {
    rate: 6000,
    seconds: 10,
    warmup: 0,
    connections: 128,
  });
  const saturation = {
    cores: Number(((cpuMs([gatewayPid]) - satBefore) / (performance.now() - satStart)).toFixed(3)),
    offered_rate: 6000,
    failed: saturated.failed,
    load1: load1(),
  };

  // 3. Full caches. The valid keys are copies of `key` made in the database (the API would take an
  // hour), each with its own secret hashed as identity hashes it.
  progress(`inserting ${positive - 1} keys`);
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  const peppers = keyPeppers(config);
  const secrets = [key.secret];
  const BATCH = 5000;
  for (let done = 1; done < positive; done += BATCH) {
    const n = Math.min(BATCH, positive - done);
    const ids = [];
    const publicIds = [];
    const secretIds = [];
    const hashes = [];
    for (let i = 0; i < n; i++) {
      const body = `lk_live_${randomBase62(40)}`;
      const secret = body + checksumOf(body);
      secrets.push(secret);
      ids.push(newId('key'));
      publicIds.push(`lk_pub_${randomBase62(24)}`);
      secretIds.push(newId('sec'));
      hashes.push(hashUnderEach(peppers, secret)[0].hash);
    }
    await pg.query(
      `with k as (
         insert into identity.api_keys (id, org_id, public_id, prefix, name, description, environment, scopes,
           allowed_paths, allowed_ips, rate_limit, status, webhook_connection_id, created_by, created_at, updated_at, expires_at)
         select n.id, k.org_id, n.public_id, k.prefix, k.name, k.description, k.environment, k.scopes,
           k.allowed_paths, k.allowed_ips, k.rate_limit, k.status, k.webhook_connection_id, k.created_by, now(), now(), k.expires_at
           from identity.api_keys k, unnest($2::text[], $3::text[]) as n(id, public_id) where k.id = $1
         returning id)
       insert into identity.api_key_secrets (id, key_id, secret_hash, hash_alg, prefix, pepper_id)
       select n.sid, n.kid, n.hash, s.hash_alg, s.prefix, s.pepper_id
         from identity.api_key_secrets s, unnest($4::text[], $2::text[], $5::text[]) as n(sid, kid, hash)
        where s.key_id = $1`,
      [key.id, ids, publicIds, secretIds, hashes],
    );
  }
  await pg.end();

  const metric = async (name) => {
    const text = await (await fetch(`${stack.opsUrl('gateway')}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
    return line ? Number(line.trim().split(/\s+/).pop()) : NaN;
  };
  const rssBytes = () =>
    Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${gatewayPid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
  const memory = async () => ({
    heap_used_mib: Number(((await metric('nodejs_heap_size_used_bytes')) / 2 ** 20).toFixed(1)),
    heap_total_mib: Number(((await metric('nodejs_heap_size_total_bytes')) / 2 ** 20).toFixed(1)),
    rss_mib: Number((rssBytes() / 2 ** 20).toFixed(1)),
  });
  const idle = await memory();

  // Present each secret once (concurrency 32). Misses go to identity: this is the miss path's cost.
  const client = new Pool(gateway, { connections: 32 });
  const present = async (list, expected) => {
    let next = 0;
    let unexpected = 0;
    const worker = async () => {
      while (next < list.length) {
        const secret = list[next++];
        const { statusCode, body } = await client.request({
          method: 'GET',
          path: '/v1/projects',
          headers: { authorization: `Bearer ${secret}` },
        });
        await body.dump();
        if (statusCode !== expected) unexpected += 1;
      }
    };
    const before = cpuMs([gatewayPid]);
    const started = performance.now();
    await Promise.all(Array.from({ length: 32 }, worker));
    return {
      presented: list.length,
      unexpected_status: unexpected,
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      cpu_seconds_per_1000_misses: Number(((cpuMs([gatewayPid]) - before) / list.length).toFixed(3)),
    };
  };
  progress(`presenting ${secrets.length} valid keys`);
  const fillPositive = await present(secrets, 200);
  const afterPositive = await memory();
  progress(`presenting ${negative} unknown secrets`);
  const unknown = Array.from({ length: negative }, () => {
    const body = `lk_live_${randomBase62(40)}`;
    return body + checksumOf(body);
  });
  const fillNegative = await present(unknown, 401);
  const full = await memory();
  // Let the usage flush and a few GCs run; then again (what stays).
  await sleep(15_000);
  const settled = await memory();
  await client.close();

  const summary = {
    idle_cores: Number(idleCores.toFixed(3)),
    gateway_cpu_seconds_per_1000_requests: steady.map((s) => ({
      rate: s.rate,
      cpu_s: s.cpu_seconds_per_1000_requests,
      net_cpu_s: s.net_cpu_seconds_per_1000_requests,
      cores: s.cores,
      p99_us: s.p99_us,
    })),
    saturation_cores: saturation.cores,
    positive_cache_entries: secrets.length,
    negative_cache_entries: unknown.length,
    memory_mib: { idle, after_positive: afterPositive, full, settled },
  };
  save('sizing', {
    summary,
    steady,
    saturation,
    fill: { positive: fillPositive, negative: fillNegative },
    config: {
      POSITIVE_CACHE_SIZE: config.POSITIVE_CACHE_SIZE,
      NEGATIVE_CACHE_SIZE: config.NEGATIVE_CACHE_SIZE,
      KEY_CACHE_TTL_MS: config.KEY_CACHE_TTL_MS,
    },
    note: 'shared 2-core machine: other processes ran alongside (load1 per phase)',
  });
} finally {
  await stack.stopAll();
  upstream.stop();
  await bus.remove();
  await db.drop();
}
