// Hot-path CPU per request: this checkout's gateway against the previous release's, in one run.
//
// A is the baseline (a git revision: BENCH_BASELINE_REF, else bench/baseline-ref.txt), checked out
// as a worktree under .latchkey/bench-baseline/<sha>, installed with `npm ci` and built there once
// (reused by later runs); B is this checkout's gateway (apps/gateway/dist). Both run as processes
// of their own with the same environment, in front of the same trivial upstream (so what is
// measured is the gateway, not data-api), with the same key, against the identity and NATS of one
// isolated stack of this checkout; both run on this checkout's Node. wrk (its own process) sends
// GET /v1/projects with `Authorization: Bearer <secret>`; CPU per request = the gateway process's
// utime + stime over the measured interval (/proc/<pid>/stat) / requests completed.
//
// The run is made of sessions: in each, both gateways start as fresh processes, are warmed up, then
// measured in pairs of rounds alternating A B, B A, A B, … (each pair adjacent in time, each side
// first in half of them, so a drift in the machine's load weighs on both alike). Fresh processes
// per session because a process's own luck (what its JIT made of the code) otherwise stays with
// the whole run: runs of one long pair of processes disagreed with each other by more than their
// pairs' spread. The figure is the median of all per-pair ratios B/A, with their min and max (the
// run-to-run spread); one ratio per session (its rounds pooled) gives a 95 % interval of the median
// (order statistics over the sessions, the independent draws). Each session also measures a client
// that opens a new connection for every request (`Connection: close`), reported beside the goal.
//
// node bench/gateway-ab.mjs             measure; writes bench/results/gateway-ab.json
// node bench/gateway-ab.mjs --prepare   only check out, install and build the baseline
// node bench/gateway-ab.mjs --cpu-prof  both gateways under --cpu-prof (3 sessions unless
//                                       BENCH_AB_SESSIONS says otherwise): prints (and writes to
//                                       test-results/profiles/) where their CPU per request differs
// BENCH_AB_SESSIONS (default 9), BENCH_AB_PAIRS (pairs per session, default 3: 27 in all, an odd
// count, so the median is one pair) and BENCH_AB_SECONDS (default 3) size the run.
import { execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  busyShare,
  cpuMs,
  cpuProfileSelfTime,
  jsonCaller,
  load,
  load1,
  machineCpu,
  median,
  medianInterval,
  ownerAndReadKey,
  save,
  startTrivialUpstream,
} from './lib.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const SESSIONS = Number(process.env.BENCH_AB_SESSIONS ?? 9);
const PAIRS = Number(process.env.BENCH_AB_PAIRS ?? 3);
const PROFILE = process.argv.includes('--cpu-prof');
const SECONDS = Number(process.env.BENCH_AB_SECONDS ?? 3);
const CONNECTIONS = 16;
const PATH = '/v1/projects';
const run = promisify(execFile);
const progress = (phase) => console.error(`${new Date().toISOString()} ${phase} (load ${load1()})`);

/** The baseline revision: BENCH_BASELINE_REF, else the first line of bench/baseline-ref.txt that is not a comment. */
function baselineRef() {
  if (process.env.BENCH_BASELINE_REF) return process.env.BENCH_BASELINE_REF;
  const line = readFileSync(join(ROOT, 'bench', 'baseline-ref.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('#'));
  if (!line) throw new Error('bench/baseline-ref.txt names no revision');
  return line;
}

/**
 * The baseline's checkout with its gateway built: a detached worktree of `ref` under
 * .latchkey/bench-baseline/<sha> (ignored by git), `npm ci` and the gateway's build (with the
 * libraries it depends on). Done once: a marker written after the build tells later runs to reuse it.
 */
async function prepareBaseline(ref) {
  const git = (...args) => run('git', ['-C', ROOT, ...args]);
  const sha = (await git('rev-parse', '--verify', `${ref}^{commit}`)).stdout.trim();
  const dir = join(ROOT, '.latchkey', 'bench-baseline', sha);
  const ready = join(dir, '.bench-baseline-ready');
  if (!existsSync(ready)) {
    if (!existsSync(join(dir, 'package.json'))) {
      progress(`checking out the baseline ${sha.slice(0, 7)} in ${dir}`);
      mkdirSync(join(ROOT, '.latchkey', 'bench-baseline'), { recursive: true });
      // --force: also when a worktree of that path was registered and its folder deleted since.
      await git('worktree', 'add', '--force', '--detach', dir, sha);
    }
    // This checkout's Node (node_modules/.bin first on PATH) runs npm's scripts and the build.
    const env = {
      ...process.env,
      PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
      NX_NO_CLOUD: 'true',
      NX_DAEMON: 'false',
    };
    const step = (command, args) =>
      new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: dir, env, stdio: ['ignore', 'inherit', 'inherit'] });
        child.once('error', reject);
        child.once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
        );
      });
    progress('installing the baseline (npm ci)');
    await step('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
    progress('building the baseline gateway');
    await step(join(dir, 'node_modules', '.bin', 'nx'), [
      'run',
      '@latchkey/gateway:build',
      '--output-style=static',
    ]);
    writeFileSync(ready, `${new Date().toISOString()}\n`);
  }
  const subject = (await git('log', '-1', '--format=%h %s', sha)).stdout.trim();
  return { ref, sha, subject, dir };
}

const baseline = await prepareBaseline(baselineRef());
if (process.argv.includes('--prepare')) {
  console.log(`baseline ${baseline.sha} ready in ${baseline.dir}`);
  process.exit(0);
}

const require = createRequire(import.meta.url);
const { isolatedStack, freePort, migrateAll, seedAll, serviceEnv, Stack } = require('@latchkey/testing');
const { generateDeploymentSecrets } = require('@latchkey/runtime');

const quiet = { LOG_LEVEL: 'warn' };
const { options, db, bus } = await isolatedStack({
  name: 'bench-ab',
  secrets: generateDeploymentSecrets(),
  env: { gateway: quiet, identity: quiet, 'data-api': quiet },
  // The previous release's gateway connects without NATS credentials (it predates them, ADR 0014):
  // both gateways share an open bus, which costs a gateway nothing more or less per request.
  openBus: true,
});
const stack = new Stack(options);
const gateways = [];
let stub;

/**
 * A gateway process from `root`'s build on a port of its own, with the stack's gateway settings
 * (KEY_PEPPER, PRINCIPAL_SIGNING_KEY, IDENTITY_URL, NATS_*, …) and `env` on top. Ready when /readyz
 * answers 200 on the ops port (this release) or on the public port (releases before the ops port).
 */
async function startGateway(name, root, env) {
  const port = await freePort();
  const opsPort = await freePort();
  const log = createWriteStream(join(options.logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [join(root, 'apps', 'gateway', 'dist', 'main.js')], {
    env: { ...serviceEnv(options, 'gateway'), PORT: String(port), OPS_PORT: String(opsPort), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const gateway = {
    name,
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () =>
      child.exitCode === null && child.signalCode === null
        ? new Promise((resolve) => {
            child.once('exit', resolve);
            child.kill('SIGTERM');
          })
        : Promise.resolve(),
  };
  gateways.push(gateway);
  const readyAt = async (origin) => {
    try {
      return (await fetch(`${origin}/readyz`)).status === 200;
    } catch {
      return false;
    }
  };
  for (const deadline = Date.now() + 90_000; ;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: see ${log.path}`);
    if ((await readyAt(`http://127.0.0.1:${opsPort}`)) || (await readyAt(gateway.origin))) return gateway;
    if (Date.now() > deadline) throw new Error(`${name} not ready after 90 s: see ${log.path}`);
    await sleep(150);
  }
}

try {
  await migrateAll(db.url);
  const orgs = await seedAll(options);
  // identity for key lookups; data-api and this checkout's gateway only to make the key and to
  // learn what GET /v1/projects answers, then stopped: they would only add load.
  await stack.start(['identity', 'data-api', 'gateway']);
  const { key } = await ownerAndReadKey(jsonCaller(stack.gatewayUrl), orgs[0], 'bench-ab');
  const headers = { authorization: `Bearer ${key.secret}` };
  const response = await fetch(`${stack.gatewayUrl}${PATH}`, { headers });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${PATH}: ${response.status} ${body}`);
  await stack.stop('gateway');
  await stack.stop('data-api');
  stub = await startTrivialUpstream(body, await freePort());

  // Settings both revisions read; nothing else differs between the two processes.
  // (CONSOLE_DIR: the same console for both; by default each would look in its own checkout.)
  const env = { ...quiet, DATA_API_URL: stub.origin, CONSOLE_DIR: join(ROOT, 'apps', 'console', 'dist') };
  const roots = { baseline: baseline.dir, current: ROOT };
  /** Both gateways, fresh processes, started one after the other in `order`, each checked once. */
  const startBoth = async (order) => {
    const sides = {};
    for (const side of order) sides[side] = await startGateway(`gateway-${side}`, roots[side], env);
    for (const [side, gateway] of Object.entries(sides)) {
      const probe = await fetch(`${gateway.origin}${PATH}`, { headers });
      const text = await probe.text();
      if (probe.status !== 200 || text !== body)
        throw new Error(`${side}: GET ${PATH} answered ${probe.status} ${text.slice(0, 200)}`);
    }
    return sides;
  };
  const stopBoth = async (sides) => {
    for (const gateway of Object.values(sides)) {
      await gateway.stop();
      gateways.splice(gateways.indexOf(gateway), 1);
    }
  };

  /** One round: wrk against one gateway; its CPU over the round from /proc. */
  const round = async (gateway, seconds = SECONDS, extraHeaders = {}) => {
    const machineBefore = machineCpu();
    const before = cpuMs([gateway.pid]);
    const upstreamBefore = cpuMs([stub.pid]);
    const result = await load({
      origin: gateway.origin,
      path: PATH,
      headers: { ...headers, ...extraHeaders },
      connections: CONNECTIONS,
      seconds,
    });
    const cpu = cpuMs([gateway.pid]) - before;
    const upstreamCpu = cpuMs([stub.pid]) - upstreamBefore;
    if (result.failed > 0 || result.socket_errors || !(result.requests > 0))
      throw new Error(`${gateway.name}: ${JSON.stringify(result)}`);
    return {
      requests: result.requests,
      requests_per_second: result.requests_per_second,
      p50_us: result.p50_us,
      p99_us: result.p99_us,
      cpu_ms: Number(cpu.toFixed(0)),
      cpu_us_per_request: Number(((cpu * 1000) / result.requests).toFixed(1)),
      // The control: the same work in every round, whichever gateway is in front.
      upstream_cpu_us_per_request: Number(((upstreamCpu * 1000) / result.requests).toFixed(1)),
      machine_busy_share: busyShare(machineBefore, machineCpu()),
      load1: load1(),
    };
  };
  const ratioOf = (pair) =>
    Number((pair.current.cpu_us_per_request / pair.baseline.cpu_us_per_request).toFixed(3));
  // A warm-up per fresh pair of processes: JIT, keep-alive to the upstream, the key in the cache.
  const warmUp = async (sides) => {
    for (let i = 0; i < 2; i++) for (const gateway of Object.values(sides)) await round(gateway, 3);
  };

  if (PROFILE) {
    // Where the difference is: both gateways under --cpu-prof, in sessions of fresh processes (3
    // unless BENCH_AB_SESSIONS says otherwise), each with rounds of 8 s alternating A B B A; self
    // time per request counted only within the rounds, summed over the sessions. Profiling costs
    // CPU itself: this mode saves no result, it prints (and writes to test-results/profiles/) the
    // functions and packages whose cost per request differs most.
    const sessions = Number(process.env.BENCH_AB_SESSIONS ?? 3);
    const dir = join(ROOT, 'test-results', 'profiles', `gateway-ab-${Date.now()}`);
    const selfUs = {
      baseline: { byFunction: new Map(), byFile: new Map(), total: 0, requests: 0 },
      current: { byFunction: new Map(), byFile: new Map(), total: 0, requests: 0 },
    };
    for (let s = 0; s < sessions; s++) {
      const order = s % 2 === 0 ? ['baseline', 'current'] : ['current', 'baseline'];
      const dirs = {};
      const sides = {};
      for (const side of order) {
        dirs[side] = join(dir, `${s + 1}-${side}`);
        mkdirSync(dirs[side], { recursive: true });
        sides[side] = await startGateway(`gateway-${side}`, roots[side], {
          ...env,
          NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dirs[side]}`,
        });
      }
      await warmUp(sides);
      const windows = { baseline: [], current: [] };
      for (const side of [...order, ...[...order].reverse()]) {
        progress(`session ${s + 1} of ${sessions}: profiling ${side}`);
        const from = process.hrtime.bigint() / 1000n;
        const r = await round(sides[side], 8);
        windows[side].push([Number(from), Number(process.hrtime.bigint() / 1000n)]);
        selfUs[side].requests += r.requests;
        console.error(
          `${side}: ${r.cpu_us_per_request} µs CPU per request under the profiler, ${Math.round(r.requests_per_second)} req/s`,
        );
      }
      await stopBoth(sides);
      await sleep(500);
      for (const side of order) {
        const file = readdirSync(dirs[side]).find((f) => f.endsWith('.cpuprofile'));
        if (!file) throw new Error(`no profile in ${dirs[side]}`);
        for (const [fromUs, toUs] of windows[side]) {
          const part = cpuProfileSelfTime(join(dirs[side], file), { fromUs, toUs });
          selfUs[side].total += part.total;
          for (const kind of ['byFunction', 'byFile'])
            for (const [name, us] of part[kind])
              selfUs[side][kind].set(name, (selfUs[side][kind].get(name) ?? 0) + us);
        }
      }
    }
    const perRequest = (side, kind, name) => (selfUs[side][kind].get(name) ?? 0) / selfUs[side].requests;
    const differences = (kind, n) =>
      [...new Set([...selfUs.baseline[kind].keys(), ...selfUs.current[kind].keys()])]
        .map((name) => {
          const a = perRequest('baseline', kind, name);
          const b = perRequest('current', kind, name);
          return { name, a, b, d: b - a };
        })
        .sort((x, y) => Math.abs(y.d) - Math.abs(x.d))
        .slice(0, n)
        .map(
          ({ name, a, b, d }) =>
            `${(d >= 0 ? '+' : '') + d.toFixed(2).padStart(7)} µs  (${a.toFixed(2)} → ${b.toFixed(2)})  ${name}`,
        )
        .join('\n');
    const total = (side) => (selfUs[side].total / selfUs[side].requests).toFixed(1);
    const report = `profiles in ${dir} (${sessions} sessions)
main-thread samples per request, in the profiled rounds: baseline ${total('baseline')} µs, current ${total('current')} µs
--- largest differences by function (current − baseline, per request) ---
${differences('byFunction', 40)}
--- by package / app folder ---
${differences('byFile', 25)}
`;
    writeFileSync(join(dir, 'comparison.txt'), report);
    console.log(report);
  } else {
    const loadBefore = loadavg().map((l) => Number(l.toFixed(2)));
    const sessions = [];
    for (let s = 0; s < SESSIONS; s++) {
      // Fresh processes each session: a process's own luck (what its JIT made of the code, where
      // its heap lies) is sampled too, not fixed for the whole run.
      const first = s % 2 === 0 ? ['baseline', 'current'] : ['current', 'baseline'];
      progress(`session ${s + 1} of ${SESSIONS}: starting both gateways`);
      const sides = await startBoth(first);
      await warmUp(sides);
      const pairs = [];
      for (let i = 0; i < PAIRS; i++) {
        const order = (s * PAIRS + i) % 2 === 0 ? ['baseline', 'current'] : ['current', 'baseline'];
        const pair = { order: order.join(' → ') };
        for (const side of order) pair[side] = await round(sides[side]);
        pair.cpu_ratio_current_over_baseline = ratioOf(pair);
        pairs.push(pair);
      }
      // A client that does not keep connections alive: a new connection for every request.
      const churn = { order: first.join(' → ') };
      for (const side of first) churn[side] = await round(sides[side], 2, { connection: 'close' });
      churn.cpu_ratio_current_over_baseline = ratioOf(churn);
      await stopBoth(sides);
      sessions.push({ pairs, new_connection_per_request: churn });
      progress(
        `session ${s + 1}: ratios ${pairs.map((p) => p.cpu_ratio_current_over_baseline).join(', ')}; new connection per request ${churn.cpu_ratio_current_over_baseline}`,
      );
    }
    const loadAfter = loadavg().map((l) => Number(l.toFixed(2)));

    const pairs = sessions.flatMap((s) => s.pairs);
    const ratios = pairs.map((p) => p.cpu_ratio_current_over_baseline);
    const per = (side, field) => median(pairs.map((p) => p[side][field]));
    const ratio = median(ratios);
    // All rounds of a side pooled: its CPU over its requests (a check on the median of ratios).
    const pooled = (list, side) =>
      list.reduce((sum, p) => sum + p[side].cpu_ms, 0) / list.reduce((sum, p) => sum + p[side].requests, 0);
    const pooledRatio = (list) => Number((pooled(list, 'current') / pooled(list, 'baseline')).toFixed(3));
    // One figure per session (its own processes): these, not the pairs, are independent draws.
    const sessionRatios = sessions.map((s) => pooledRatio(s.pairs));
    const churnRatios = sessions.map((s) => s.new_connection_per_request.cpu_ratio_current_over_baseline);
    const rounds = pairs.flatMap((p) => [p.baseline, p.current]);
    save('gateway-ab', {
      method:
        'A = baseline revision, B = this checkout; same Node, environment, key, route and trivial upstream; ' +
        `${SESSIONS} sessions of fresh gateway processes, each warmed up, then ${PAIRS} pairs of ${SECONDS} s rounds ` +
        'alternating A B, B A, … (wrk, 1 thread, ' +
        `${CONNECTIONS} connections, its own process); CPU per request = utime + stime of the gateway process over ` +
        'the round / requests completed; ratio B/A per pair',
      baseline: {
        ref: baseline.ref,
        sha: baseline.sha,
        subject: baseline.subject,
        checkout: baseline.dir.slice(ROOT.length + 1),
      },
      route: `GET ${PATH}`,
      upstream_body_bytes: Buffer.byteLength(body),
      sessions,
      load_average_1_5_15: { before: loadBefore, after: loadAfter },
      summary: {
        cpu_ratio_current_over_baseline: ratio,
        cpu_ratio_min: Math.min(...ratios),
        cpu_ratio_max: Math.max(...ratios),
        cpu_ratio_pooled: pooledRatio(pairs),
        cpu_ratio_per_session: sessionRatios,
        cpu_ratio_median_95ci: medianInterval(sessionRatios),
        cpu_ratio_goal: 1.05,
        meets_goal: ratio <= 1.05,
        sessions: SESSIONS,
        pairs: pairs.length,
        seconds_per_round: SECONDS,
        cpu_us_per_request: {
          baseline: per('baseline', 'cpu_us_per_request'),
          current: per('current', 'cpu_us_per_request'),
        },
        requests_per_second: {
          baseline: Math.round(per('baseline', 'requests_per_second')),
          current: Math.round(per('current', 'requests_per_second')),
        },
        throughput_ratio_current_over_baseline: Number(
          median(pairs.map((p) => p.current.requests_per_second / p.baseline.requests_per_second)).toFixed(3),
        ),
        new_connection_per_request: {
          cpu_ratio_current_over_baseline: median(churnRatios),
          cpu_ratio_min: Math.min(...churnRatios),
          cpu_ratio_max: Math.max(...churnRatios),
          cpu_us_per_request: {
            baseline: median(sessions.map((s) => s.new_connection_per_request.baseline.cpu_us_per_request)),
            current: median(sessions.map((s) => s.new_connection_per_request.current.cpu_us_per_request)),
          },
        },
        // The trivial upstream's CPU per request over all rounds: how steady the machine itself was.
        upstream_cpu_us_per_request_range: [
          Math.min(...rounds.map((r) => r.upstream_cpu_us_per_request)),
          Math.max(...rounds.map((r) => r.upstream_cpu_us_per_request)),
        ],
        baseline_ref: baseline.ref,
        baseline_sha: baseline.sha.slice(0, 12),
        load1_min: Math.min(...rounds.map((r) => r.load1)),
        load1_max: Math.max(...rounds.map((r) => r.load1)),
        machine_busy_share_median: median(rounds.map((r) => r.machine_busy_share)),
      },
    });
  }
} finally {
  for (const gateway of gateways) await gateway.stop();
  stub?.stop();
  await stack.stopAll();
  await bus.remove();
  await db.drop();
}
