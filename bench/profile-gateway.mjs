// Profiles the gateway hot path: a stack as in bench/gateway.mjs, one extra gateway replica started
// with --cpu-prof, `wrk` (or the Node load generator) against GET /v1/projects through it; prints
// the functions with the most self time and leaves the .cpuprofile in test-results/profiles/.
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  cpuMs,
  cpuProfileSelfTime,
  jsonCaller,
  load,
  load1,
  ownerAndReadKey,
  startTrivialUpstream,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const { isolatedStack, freePort, migrateAll, seedAll, Stack, REPO_ROOT } = require('@latchkey/testing');
const { generateDeploymentSecrets } = require('@latchkey/runtime');

const [seconds = 10, connections = 16] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map(Number);
const dir = join(REPO_ROOT, 'test-results', 'profiles', String(Date.now()));
mkdirSync(dir, { recursive: true });
const { options, db, bus } = await isolatedStack({
  name: 'profile',
  secrets: generateDeploymentSecrets(),
  env: {
    gateway: { LOG_LEVEL: 'warn' },
    identity: { LOG_LEVEL: 'warn' },
    'data-api': { LOG_LEVEL: 'warn' },
    audit: { LOG_LEVEL: 'warn' },
  },
});
await migrateAll(db.url);
const orgs = await seedAll(options);
const stack = new Stack(options);
let stub;
try {
  await stack.start();
  const { key } = await ownerAndReadKey(jsonCaller(stack.gatewayUrl), orgs[0], 'profile');
  // With --stub-upstream the profiled replica proxies to a trivial HTTP server that answers what
  // data-api answered, so the profile (and the machine) is about the gateway, not PostgreSQL.
  let upstreamEnv = {};
  if (process.argv.includes('--stub-upstream')) {
    const body = await (
      await fetch(`${stack.gatewayUrl}/v1/projects`, { headers: { authorization: `Bearer ${key.secret}` } })
    ).text();
    stub = await startTrivialUpstream(body, await freePort());
    upstreamEnv = { DATA_API_URL: stub.origin };
  }
  const noProfile = process.argv.includes('--no-profile');
  const profiled = await stack.spawnGateway('gateway-profiled', await freePort(), {
    LOG_LEVEL: 'warn',
    ...(noProfile ? {} : { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` }),
    ...upstreamEnv,
  });
  const pid = stack.extraGateways.get('gateway-profiled').pid;
  const headers = { authorization: `Bearer ${key.secret}` };
  const probe = await fetch(`${profiled}/v1/projects`, { headers });
  if (probe.status !== 200)
    throw new Error(`GET /v1/projects through the gateway: ${probe.status} ${await probe.text()}`);
  await load({ origin: profiled, path: '/v1/projects', headers, connections, seconds: 2 });
  const cpuBefore = cpuMs([pid]);
  const result = await load({ origin: profiled, path: '/v1/projects', headers, connections, seconds });
  const cpu = cpuMs([pid]) - cpuBefore;
  console.log(
    JSON.stringify({
      ...result,
      gateway_cpu_us_per_request: Number(((cpu * 1000) / result.requests).toFixed(1)),
      load1: load1(),
    }),
  );
} finally {
  stub?.stop();
  await stack.stopAll();
  await bus.remove();
  await db.drop();
}
await sleep(500);
if (process.argv.includes('--no-profile')) process.exit(0);
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile in ${dir}`);
const { total, byFunction: self, byFile } = cpuProfileSelfTime(join(dir, file), { lines: true });
const top = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
console.log(
  `profile: ${join(dir, file)}\n--- self time by function ---\n${top(self, 40)}\n--- by package / file ---\n${top(byFile, 25)}`,
);
