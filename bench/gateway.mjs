// Gateway cost: GET /v1/projects through the gateway vs straight to data-api (ABAB), an open-loop
// run at 2,000 req/s, and revocation across 4 gateway replicas.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { closedLoop, median, openLoop, percentile, save } from './lib.mjs';

const require = createRequire(import.meta.url);
const { createTestDatabase, createTestBus, freePort, migrateAll, seedAll, Stack, REPO_ROOT, DEFAULT_NATS_URL } = require('@latchkey/testing');
const { generateDeploymentSecrets } = require('@latchkey/runtime');
const { importSigningKey, signPrincipal } = require('@latchkey/auth-core');

const db = await createTestDatabase();
const bus = createTestBus();
const secrets = generateDeploymentSecrets();
const options = {
  databaseUrl: db.url, natsUrl: DEFAULT_NATS_URL, stream: bus.stream, subjectPrefix: bus.subjectPrefix,
  ports: { gateway: await freePort(), identity: await freePort(), 'data-api': await freePort(), audit: await freePort() },
  secrets, logDir: join(REPO_ROOT, 'test-results', 'logs', `bench-${db.name}`),
  // The revocation loop sees hundreds of 401s from one address: keep the per-IP failure throttle out of the measurement.
  env: { gateway: { LOG_LEVEL: 'warn', AUTH_FAILURE_LIMIT: '1000000' }, identity: { LOG_LEVEL: 'warn' }, 'data-api': { LOG_LEVEL: 'warn' }, audit: { LOG_LEVEL: 'warn' } },
};
await migrateAll(db.url);
const orgs = await seedAll(options);
const stack = new Stack(options);
try {
  await stack.start();
  const gateway = stack.gatewayUrl;
  const call = async (method, path, body, token) => {
    const response = await fetch(`${gateway}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return response.json();
  };
  const { access_token: owner } = await call('POST', '/auth/login', { email: orgs[0].email, password: orgs[0].password });
  const key = await call('POST', '/admin/keys', { name: 'bench', scopes: ['projects:read'], expires_in_days: 7, rate_limit: { limit: 1_000_000, window_seconds: 60 } }, owner);
  const signingKey = await importSigningKey(JSON.parse(secrets.PRINCIPAL_SIGNING_KEY));
  const principal = async () => signPrincipal({ org_id: orgs[0].org_id, subject: 'key_bench', kind: 'api_key', key_id: 'key_bench', scopes: ['projects:read'] }, 'data-api', signingKey, 'bench', Math.floor(Date.now() / 1000));
  const viaGateway = () => closedLoop(gateway, '/v1/projects', { authorization: `Bearer ${key.secret}` }, { seconds: 3 });
  const direct = async () => closedLoop(stack.url('data-api'), '/v1/projects', { 'x-latchkey-principal': await principal() }, { seconds: 3 });

  await viaGateway(); await direct(); // warm-up
  const rounds = [];
  for (let i = 0; i < 3; i++) rounds.push({ gateway: await viaGateway(), direct: await direct() });
  const ratio = median(rounds.map((r) => r.gateway.requests_per_second / r.direct.requests_per_second));
  // Added latency without queueing: one request in flight at a time.
  const serial = [];
  for (let i = 0; i < 3; i++) {
    serial.push({
      gateway: await closedLoop(gateway, '/v1/projects', { authorization: `Bearer ${key.secret}` }, { concurrency: 1, seconds: 2 }),
      direct: await closedLoop(stack.url('data-api'), '/v1/projects', { 'x-latchkey-principal': await principal() }, { concurrency: 1, seconds: 2 }),
    });
  }
  const addedMedianUs = median(serial.map((r) => r.gateway.p50_us - r.direct.p50_us));

  const open = [];
  for (let i = 0; i < 2; i++) {
    open.push({ gateway: await openLoop(gateway, '/v1/projects', { authorization: `Bearer ${key.secret}` }), direct: await openLoop(stack.url('data-api'), '/v1/projects', { 'x-latchkey-principal': await principal() }) });
  }
  const addedP99Us = median(open.map((r) => r.gateway.p99_us - r.direct.p99_us));

  // Revocation across 4 replicas: warm the key on every replica, revoke, poll until all refuse.
  const replicas = [gateway];
  for (let i = 2; i <= 4; i++) replicas.push(await stack.spawnGateway(`gateway-${i}`, await freePort(), { LOG_LEVEL: 'warn', AUTH_FAILURE_LIMIT: '1000000' }));
  const times = [];
  const revokeDeadline = performance.now() + 40_000;
  while (performance.now() < revokeDeadline && times.length < 200) {
    const k = await call('POST', '/admin/keys', { name: 'revoke-me', scopes: ['projects:read'], expires_in_days: 7, rate_limit: { limit: 1_000_000, window_seconds: 60 } }, owner);
    for (const r of replicas) await fetch(`${r}/v1/projects`, { headers: { authorization: `Bearer ${k.secret}` } }).then((x) => x.arrayBuffer());
    const started = performance.now();
    const revoked = fetch(`${gateway}/admin/keys/${k.id}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'bench' }) });
    const refusedAt = await Promise.all(replicas.map(async (r) => {
      for (;;) {
        const status = (await fetch(`${r}/v1/projects`, { headers: { authorization: `Bearer ${k.secret}` } }).then(async (x) => { await x.arrayBuffer(); return x.status; }));
        if (status === 401) return performance.now();
      }
    }));
    await revoked;
    times.push(Math.max(...refusedAt) - started);
  }

  // End-to-end delay of the event path: commit in identity (outbox row) to row in audit, both
  // timestamps from the same PostgreSQL clock.
  for (let i = 0; i < 200; i++) {
    await call('POST', '/admin/keys', { name: `delay-${i}`, scopes: ['projects:read'], expires_in_days: 7 }, owner);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const { sql } = require('@latchkey/testing');
  const delays = (await sql(db.url, `select extract(epoch from a.received_at - o.created_at) * 1000 as ms
      from audit.events a join identity.outbox o on o.id = a.id where a.type = 'key.created'`)).map((r) => Number(r.ms));

  save('gateway', {
    rounds, serial, open,
    summary: {
      throughput_ratio_gateway_vs_direct: Number(ratio.toFixed(3)),
      throughput_goal: 0.35,
      meets_throughput_goal: ratio >= 0.35,
      added_median_latency_us: addedMedianUs,
      added_median_goal_us: 150,
      open_loop_2000rps_added_p99_us: addedP99Us,
      open_loop_goal_us: 2000,
      revocation_all_4_refuse_ms: { samples: times.length, p50: Number(percentile(times, 50).toFixed(2)), p99: Number(percentile(times, 99).toFixed(2)), max: Number(Math.max(...times).toFixed(2)), goal_p99: 10, goal_max: 50 },
      nginx_peer: 'not measured',
      event_delay_commit_to_audit_ms: { samples: delays.length, p50: Number(percentile(delays, 50).toFixed(1)), p99: Number(percentile(delays, 99).toFixed(1)) },
    },
  });
} finally {
  await stack.stopAll();
  await bus.remove();
  await db.drop();
}
