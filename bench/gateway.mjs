// Gateway cost, in one run on this machine, every figure against a baseline of the same run (ABAB):
// - GET /v1/projects through the gateway vs straight to data-api: closed-loop throughput and
//   one-request-in-flight latency (wrk, its own process), open loop at 2,000 req/s (own process);
// - gateway CPU per request vs nginx doing a `map` key lookup and proxy_pass to the same data-api,
//   and vs a bare Node proxy doing the same (the floor for any gateway in Node);
// - revocation across 4 gateway replicas: from the revoke request until every replica refuses;
// - rate-limit precision across 4 replicas (a flood spread over them; a client at 90 % of its limit).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import {
  cpuMs,
  jsonCaller,
  load,
  load1,
  median,
  openLoopProcess,
  ownerAndReadKey,
  percentile,
  save,
  startTrivialUpstream,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const { isolatedStack, freePort, migrateAll, seedAll, Stack } = require('@latchkey/testing');
const { generateDeploymentSecrets } = require('@latchkey/runtime');
const { importSigningKey, signPrincipal } = require('@latchkey/auth-core');

const progress = (phase) => console.error(`${new Date().toISOString()} ${phase} (load ${load1()})`);
const quiet = { LOG_LEVEL: 'warn' };
// The revocation loop sees hundreds of 401s from one address: keep the per-IP failure throttle out of the measurement.
const gatewayEnv = { ...quiet, AUTH_FAILURE_LIMIT: '1000000' };
const { options, db, bus } = await isolatedStack({
  name: 'bench',
  secrets: generateDeploymentSecrets(),
  env: {
    gateway: gatewayEnv,
    identity: quiet,
    'data-api': quiet,
    audit: quiet,
  },
});
const { secrets } = options;
await migrateAll(db.url);
const orgs = await seedAll(options);
const stack = new Stack(options);
let nginx;
let nginxDir;
let stub;
let bareProxy;
try {
  await stack.start();
  const gateway = stack.gatewayUrl;
  const dataApi = stack.url('data-api');
  const gatewayPid = stack.processes.get('gateway').pid;
  const call = jsonCaller(gateway);
  const { owner, key } = await ownerAndReadKey(call, orgs[0], 'bench');
  const createKey = (name, rateLimit = { limit: 1_000_000, window_seconds: 60 }) =>
    call(
      'POST',
      '/admin/keys',
      { name, scopes: ['projects:read'], expires_in_days: 7, rate_limit: rateLimit },
      owner,
    );
  const keyHeaders = { authorization: `Bearer ${key.secret}` };
  const signingKey = await importSigningKey(JSON.parse(secrets.PRINCIPAL_SIGNING_KEY));
  // What the gateway forwards for this key, signed here for the direct baseline (valid 30 s: signed per run).
  const principal = () =>
    signPrincipal(
      { org_id: orgs[0].org_id, subject: key.id, kind: 'api_key', key_id: key.id, scopes: ['projects:read'] },
      'data-api',
      signingKey,
      'bench',
      Math.floor(Date.now() / 1000),
    );
  const directHeaders = async () => ({ 'x-latchkey-principal': await principal() });
  const viaGateway = (o) => load({ origin: gateway, path: '/v1/projects', headers: keyHeaders, ...o });
  const direct = async (o) =>
    load({ origin: dataApi, path: '/v1/projects', headers: await directHeaders(), ...o });

  // 1. nginx as a peer: the key looked up in a `map` (Authorization → principal), proxy_pass to
  // data-api over keep-alive; one worker, like the one gateway process. CPU from /proc.
  nginxDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-nginx-'));
  const nginxPort = await freePort();
  const dataApiPort = options.ports['data-api'];
  const nginxConf = (signed) => `worker_processes 1;
error_log ${nginxDir}/error.log warn;
pid ${nginxDir}/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  map_hash_bucket_size 256;
  client_body_temp_path ${nginxDir}/body; proxy_temp_path ${nginxDir}/proxy; fastcgi_temp_path ${nginxDir}/fastcgi;
  uwsgi_temp_path ${nginxDir}/uwsgi; scgi_temp_path ${nginxDir}/scgi;
  map $http_authorization $latchkey_principal {
    default "";
    "Bearer ${key.secret}" "${signed}";
  }
  upstream data_api { server 127.0.0.1:${dataApiPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${nginxPort};
    location / {
      if ($latchkey_principal = "") { return 401; }
      proxy_pass http://data_api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "";
      proxy_set_header X-Latchkey-Principal $latchkey_principal;
      proxy_set_header X-Request-Id $request_id;
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
}
`;
  const startNginx = async () => {
    writeFileSync(join(nginxDir, 'nginx.conf'), nginxConf(await principal()));
    const child = spawn(
      '/usr/sbin/nginx',
      ['-p', nginxDir, '-c', join(nginxDir, 'nginx.conf'), '-g', 'daemon off;'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    for (let i = 0; i < 100; i++) {
      await sleep(50);
      try {
        if (
          (await fetch(`http://127.0.0.1:${nginxPort}/v1/projects`, { headers: keyHeaders })).status === 200
        )
          return child;
      } catch {
        /* not up yet */
      }
    }
    child.kill();
    throw new Error(`nginx did not start: ${stderr}`);
  };
  const pidsOf = (master) => [
    master,
    ...readFileSync(`/proc/${master}/task/${master}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number),
  ];
  const cpuPerRequest = async (origin, pids) => {
    const before = cpuMs(pids);
    const result = await load({ origin, path: '/v1/projects', headers: keyHeaders, seconds: 3 });
    return {
      ...result,
      cpu_us_per_request: Number((((cpuMs(pids) - before) * 1000) / result.requests).toFixed(1)),
    };
  };
  // Idle CPU of each process over 3 s (timers, heartbeats, metrics): part of every per-request figure.
  const idleCpu = async (pids) => {
    const before = cpuMs(pids);
    await sleep(3000);
    return Number(((cpuMs(pids) - before) / 3).toFixed(1));
  };
  // The bare Node proxy (bench/bare-node-proxy.mjs): the same lookup and forwarding in plain Node,
  // the floor under any gateway written in Node on this machine.
  const bareProxyPort = await freePort();
  const startBareProxy = async () => {
    const child = spawn(
      process.execPath,
      [
        new URL('./bare-node-proxy.mjs', import.meta.url).pathname,
        JSON.stringify({
          port: bareProxyPort,
          upstream: dataApi,
          principals: { [`Bearer ${key.secret}`]: await principal() },
        }),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise((resolve, reject) => {
      child.stdout.once('data', resolve);
      child.once('exit', (code) => reject(new Error(`the bare Node proxy exited with ${code}`)));
    });
    return child;
  };

  progress('nginx peer');
  await load({ origin: gateway, path: '/v1/projects', headers: keyHeaders, seconds: 2 }); // JIT warm-up
  const peer = [];
  for (let i = 0; i < 3; i++) {
    // A fresh principal per round (it lives 30 s), so nginx never forwards an expired one.
    nginx = await startNginx();
    bareProxy = await startBareProxy();
    const nginxPids = pidsOf(nginx.pid);
    const bareOrigin = `http://127.0.0.1:${bareProxyPort}`;
    await cpuPerRequest(`http://127.0.0.1:${nginxPort}`, nginxPids); // warm-up (keep-alive to data-api)
    await cpuPerRequest(bareOrigin, [bareProxy.pid]); // warm-up (JIT, keep-alive)
    peer.push({
      gateway: await cpuPerRequest(gateway, [gatewayPid]),
      nginx: await cpuPerRequest(`http://127.0.0.1:${nginxPort}`, nginxPids),
      bare_node_proxy: await cpuPerRequest(bareOrigin, [bareProxy.pid]),
      idle_cpu_ms_per_second: { gateway: await idleCpu([gatewayPid]), nginx: await idleCpu(nginxPids) },
      load1: load1(),
    });
    nginx.kill('SIGQUIT');
    bareProxy.kill();
    await new Promise((resolve) => nginx.once('exit', resolve));
    nginx = undefined;
    bareProxy = undefined;
  }
  const cpuRatio = median(peer.map((r) => r.gateway.cpu_us_per_request / r.nginx.cpu_us_per_request));

  progress('closed loop');
  // 2. Closed-loop throughput, 16 connections.
  await viaGateway({ seconds: 2 });
  await direct({ seconds: 2 }); // warm-up
  // With the CPU each process used per request: the gateway path costs the gateway and data-api.
  const dataApiPid = stack.processes.get('data-api').pid;
  const withCpu = async (run) => {
    const before = [cpuMs([gatewayPid]), cpuMs([dataApiPid])];
    const result = await run();
    const perRequest = (ms) => Number(((ms * 1000) / result.requests).toFixed(1));
    return {
      ...result,
      gateway_cpu_us_per_request: perRequest(cpuMs([gatewayPid]) - before[0]),
      data_api_cpu_us_per_request: perRequest(cpuMs([dataApiPid]) - before[1]),
    };
  };
  const rounds = [];
  for (let i = 0; i < 3; i++)
    rounds.push({
      gateway: await withCpu(() => viaGateway({ seconds: 3 })),
      direct: await withCpu(() => direct({ seconds: 3 })),
      load1: load1(),
    });
  const ratio = median(rounds.map((r) => r.gateway.requests_per_second / r.direct.requests_per_second));

  progress('serial');
  // 3. Added latency without queueing: one request in flight at a time.
  // The bare Node proxy alongside: what any Node hop in front of data-api adds here.
  const serial = [];
  for (let i = 0; i < 3; i++) {
    bareProxy = await startBareProxy(); // a fresh principal per round (it lives 30 s)
    const bareOrigin = `http://127.0.0.1:${bareProxyPort}`;
    await load({ origin: bareOrigin, path: '/v1/projects', headers: keyHeaders, seconds: 1 }); // warm-up
    serial.push({
      gateway: await viaGateway({ connections: 1, seconds: 3 }),
      direct: await direct({ connections: 1, seconds: 3 }),
      bare_node_proxy: await load({
        origin: bareOrigin,
        path: '/v1/projects',
        headers: keyHeaders,
        connections: 1,
        seconds: 3,
      }),
      load1: load1(),
    });
    bareProxy.kill();
    bareProxy = undefined;
  }
  const addedMedianUs = median(serial.map((r) => r.gateway.p50_us - r.direct.p50_us));
  const addedMedianBareUs = median(serial.map((r) => r.bare_node_proxy.p50_us - r.direct.p50_us));

  progress('open loop');
  // 4. Open loop at 2,000 req/s, and at half of what the gateway path sustained in this run.
  const sustainable = Math.min(
    2000,
    // Half of what the slower side (the gateway path) sustained closed-loop in this run.
    Math.floor(0.5 * Math.min(...rounds.map((r) => r.gateway.requests_per_second))),
  );
  const open = [];
  for (let i = 0; i < 2; i++) {
    open.push({
      gateway: await openLoopProcess(gateway, '/v1/projects', keyHeaders),
      direct: await openLoopProcess(dataApi, '/v1/projects', await directHeaders()),
      load1: load1(),
    });
  }
  const openSustainable = [];
  for (let i = 0; i < 2; i++) {
    openSustainable.push({
      gateway: await openLoopProcess(gateway, '/v1/projects', keyHeaders, { rate: sustainable }),
      direct: await openLoopProcess(dataApi, '/v1/projects', await directHeaders(), { rate: sustainable }),
      load1: load1(),
    });
  }
  const addedP99Us = median(open.map((r) => r.gateway.p99_us - r.direct.p99_us));
  const addedP99SustainableUs = median(openSustainable.map((r) => r.gateway.p99_us - r.direct.p99_us));

  progress('revocation');
  // 5. Revocation across 4 replicas: warm the key on every replica, revoke, poll every replica
  // until it refuses. The poll asks for a route that does not exist: 404 while the key is valid
  // (decided by the key check alone, nothing proxied), 401 once the replica refuses it.
  const replicas = [gateway];
  for (let i = 2; i <= 4; i++)
    replicas.push(await stack.spawnGateway(`gateway-${i}`, await freePort(), gatewayEnv));
  const pools = new Map(replicas.map((r) => [r, new Pool(r, { connections: 2 })]));
  const status = async (origin, path, headers) => {
    const { statusCode, body } = await pools.get(origin).request({ method: 'GET', path, headers });
    await body.dump();
    return statusCode;
  };
  const times = [];
  const replies = [];
  // When identity's first announcement of each revocation reaches NATS subscribers (as the replicas
  // hear it): splits the figure into identity's part and the replicas' part.
  const { subjectsFor } = require('@latchkey/contracts');
  // Listens as a gateway replica would (the bus admits only its users).
  const nc = await bus.server.connect('gateway');
  const announcedAt = new Map();
  nc.subscribe(subjectsFor(bus.subjectPrefix).keyInvalidate, {
    callback: (error, msg) => {
      if (error) return;
      // Signed announcements (ADR 0015) carry the change inside the signed body.
      const wire = msg.json();
      const key_id = wire.attestation ? JSON.parse(wire.attestation.body).m?.key_id : wire.key_id;
      if (!announcedAt.has(key_id)) announcedAt.set(key_id, performance.now());
    },
  });
  const announceToRefused = [];
  const revokeDeadline = performance.now() + 60_000;
  while (performance.now() < revokeDeadline && times.length < 200) {
    const k = await createKey('revoke-me');
    const headers = { authorization: `Bearer ${k.secret}` };
    for (const r of replicas)
      if ((await status(r, '/v1/projects', headers)) !== 200) throw new Error('warm-up refused');
    const started = performance.now();
    const revoked = pools
      .get(gateway)
      .request({
        method: 'POST',
        path: `/admin/keys/${k.id}/revoke`,
        headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'bench' }),
      })
      .then(async ({ statusCode, body }) => {
        await body.dump();
        if (statusCode !== 200) throw new Error(`revoke answered ${statusCode}`);
        return performance.now();
      });
    const refusedAt = await Promise.all(
      replicas.map(async (r) => {
        for (;;) {
          const s = await status(r, '/v1/__revocation_probe', headers);
          if (s === 401) return performance.now();
          if (s !== 404) throw new Error(`probe answered ${s}`);
          await sleep(1);
        }
      }),
    );
    replies.push((await revoked) - started);
    times.push(Math.max(...refusedAt) - started);
    if (announcedAt.has(k.id)) announceToRefused.push(Math.max(...refusedAt) - announcedAt.get(k.id));
  }
  const revokeLoad = load1();
  await nc.close();

  progress('rate limit');
  // 6. Rate-limit precision across the 4 replicas (they learnt of each other from heartbeats by now).
  const windowSeconds = 5;
  const flood = async () => {
    const limit = 100;
    const k = await createKey('flood', { limit, window_seconds: windowSeconds });
    const headers = { authorization: `Bearer ${k.secret}` };
    for (const r of replicas) await status(r, '/v1/__warm', headers);
    // Start at a window boundary: everything admitted during the flood belongs to one window.
    await sleep(windowSeconds * 1000 - (Date.now() % (windowSeconds * 1000)) + 20);
    // Until shortly before the window ends (requests sent later would count in the next one).
    const deadline = performance.now() + windowSeconds * 1000 - 400;
    let admitted = 0;
    let refused = 0;
    let i = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (performance.now() < deadline) {
          const s = await status(replicas[i++ % replicas.length], '/v1/projects', headers);
          if (s === 200) admitted += 1;
          else if (s === 429) refused += 1;
          else throw new Error(`flood answered ${s}`);
        }
      }),
    );
    return {
      limit,
      window_seconds: windowSeconds,
      admitted,
      refused,
      // The flood reached the limit (some requests were refused): only then does the ratio say something.
      saturated: refused > 0,
      ratio: Number((admitted / limit).toFixed(3)),
    };
  };
  const steady = async () => {
    // 90 % of the limit, evenly spaced, round-robin over the replicas, for three windows.
    const limit = 100;
    const k = await createKey('steady', { limit, window_seconds: windowSeconds });
    const headers = { authorization: `Bearer ${k.secret}` };
    const rate = (0.9 * limit) / windowSeconds;
    const total = Math.round(rate * windowSeconds * 3);
    const start = performance.now();
    const sent = [];
    for (let n = 0; n < total; n++) {
      const wait = start + (n * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
      sent.push(status(replicas[n % replicas.length], '/v1/projects', headers));
    }
    const statuses = await Promise.all(sent);
    return {
      limit,
      window_seconds: windowSeconds,
      requests: total,
      rate_per_second: rate,
      refused_429: statuses.filter((s) => s === 429).length,
      other_failures: statuses.filter((s) => s !== 200 && s !== 429).length,
    };
  };
  const steadyRun = steady();
  const floods = [];
  for (let n = 0; n < 3; n++) floods.push(await flood());
  const steadyResult = await steadyRun;
  for (const pool of pools.values()) await pool.close();

  progress('serial, trivial upstream');
  // 7. Added latency, one request in flight, against a trivial upstream answering data-api's body:
  // what the gateway's hop itself adds, apart from how data-api and PostgreSQL behave behind it.
  // Last, so that this extra replica is not among those the revocation and rate-limit runs count.
  const body = await (await fetch(`${gateway}/v1/projects`, { headers: keyHeaders })).text();
  stub = await startTrivialUpstream(body, await freePort());
  const stubOrigin = stub.origin;
  const stubGateway = await stack.spawnGateway('gateway-stub', await freePort(), {
    ...gatewayEnv,
    DATA_API_URL: stubOrigin,
  });
  const serialTrivial = [];
  await load({ origin: stubGateway, path: '/v1/projects', headers: keyHeaders, seconds: 2 }); // warm-up
  for (let i = 0; i < 3; i++)
    serialTrivial.push({
      gateway: await load({
        origin: stubGateway,
        path: '/v1/projects',
        headers: keyHeaders,
        connections: 1,
        seconds: 3,
      }),
      direct: await load({ origin: stubOrigin, path: '/v1/projects', connections: 1, seconds: 3 }),
      load1: load1(),
    });
  const addedMedianTrivialUs = median(serialTrivial.map((r) => r.gateway.p50_us - r.direct.p50_us));
  // And the open loop at 2,000 req/s in front of it: the gateway's own added tail, and the floor of
  // the measurement itself (the trivial upstream straight).
  const openTrivial = [];
  for (let i = 0; i < 2; i++)
    openTrivial.push({
      gateway: await openLoopProcess(stubGateway, '/v1/projects', keyHeaders),
      direct: await openLoopProcess(stubOrigin, '/v1/projects', {}),
      load1: load1(),
    });
  await stack.stopGateway('gateway-stub');
  stub.stop();
  stub = undefined;

  progress('event delay');
  // End-to-end delay of the event path: commit in identity (outbox row) to row in audit, both
  // timestamps from the same PostgreSQL clock.
  for (let i = 0; i < 200; i++) {
    await call(
      'POST',
      '/admin/keys',
      { name: `delay-${i}`, scopes: ['projects:read'], expires_in_days: 7 },
      owner,
    );
    await sleep(10);
  }
  await sleep(3000);
  const { sql } = require('@latchkey/testing');
  const delays = (
    await sql(
      db.url,
      `select extract(epoch from a.received_at - o.created_at) * 1000 as ms
      from audit.events a join identity.outbox o on o.id = a.id where a.type = 'key.created'`,
    )
  ).map((r) => Number(r.ms));

  const saturated = floods.filter((f) => f.saturated);
  const maxFlood = saturated.length > 0 ? Math.max(...saturated.map((f) => f.ratio)) : null;
  save('gateway', {
    load_generator:
      'wrk (1 thread, separate process) for closed loops; bench/load-generator.mjs (separate Node process) for open loops',
    rounds,
    serial,
    serial_trivial_upstream: serialTrivial,
    open_trivial_upstream: openTrivial,
    open,
    open_sustainable: openSustainable,
    nginx_peer: peer,
    rate_limit: { floods, steady: steadyResult },
    summary: {
      throughput_ratio_gateway_vs_direct: Number(ratio.toFixed(3)),
      throughput_goal: 0.35,
      meets_throughput_goal: ratio >= 0.35,
      added_median_latency_us: addedMedianUs,
      added_median_goal_us: 150,
      added_median_latency_trivial_upstream_us: addedMedianTrivialUs,
      added_median_latency_bare_node_proxy_us: addedMedianBareUs,
      closed_loop_cpu_us_per_request: {
        gateway_path: {
          gateway: median(rounds.map((r) => r.gateway.gateway_cpu_us_per_request)),
          data_api: median(rounds.map((r) => r.gateway.data_api_cpu_us_per_request)),
        },
        direct: { data_api: median(rounds.map((r) => r.direct.data_api_cpu_us_per_request)) },
      },
      open_loop_2000rps_added_p99_us: addedP99Us,
      open_loop_direct_2000rps_p99_us: median(open.map((r) => r.direct.p99_us)),
      open_loop_sustainable_rate: sustainable,
      open_loop_sustainable_added_p99_us: addedP99SustainableUs,
      open_loop_goal_us: 2000,
      open_loop_trivial_upstream_2000rps: {
        added_p99_us: median(openTrivial.map((r) => r.gateway.p99_us - r.direct.p99_us)),
        direct_p99_us: median(openTrivial.map((r) => r.direct.p99_us)),
        direct_p99_from_issue_us: median(openTrivial.map((r) => r.direct.from_issue.p99_us)),
        generator_lateness_p99_us: median(openTrivial.map((r) => r.direct.generator_lateness.p99_us)),
      },
      gateway_cpu_us_per_request: median(peer.map((r) => r.gateway.cpu_us_per_request)),
      nginx_cpu_us_per_request: median(peer.map((r) => r.nginx.cpu_us_per_request)),
      cpu_ratio_gateway_vs_nginx: Number(cpuRatio.toFixed(2)),
      cpu_ratio_goal: 2,
      bare_node_proxy_cpu_us_per_request: median(peer.map((r) => r.bare_node_proxy.cpu_us_per_request)),
      cpu_ratio_bare_node_proxy_vs_nginx: Number(
        median(peer.map((r) => r.bare_node_proxy.cpu_us_per_request / r.nginx.cpu_us_per_request)).toFixed(2),
      ),
      revocation_all_4_refuse_ms: {
        samples: times.length,
        p50: Number(percentile(times, 50).toFixed(2)),
        p99: Number(percentile(times, 99).toFixed(2)),
        max: Number(Math.max(...times).toFixed(2)),
        goal_p99: 10,
        goal_max: 50,
        poll_interval_ms: 1,
        load1: revokeLoad,
      },
      revocation_announce_to_all_refuse_ms: {
        samples: announceToRefused.length,
        p50: Number(percentile(announceToRefused, 50).toFixed(2)),
        p99: Number(percentile(announceToRefused, 99).toFixed(2)),
        max: Number(Math.max(...announceToRefused).toFixed(2)),
      },
      revocation_reply_ms: {
        p50: Number(percentile(replies, 50).toFixed(2)),
        p99: Number(percentile(replies, 99).toFixed(2)),
      },
      rate_limit_precision: {
        replicas: replicas.length,
        max_admitted_ratio: maxFlood,
        goal_ratio: 1.1,
        steady_90pct_refused: steadyResult.refused_429,
        saturated_floods: saturated.length,
        meets_goal: maxFlood !== null && maxFlood <= 1.1 && steadyResult.refused_429 === 0,
      },
      event_delay_commit_to_audit_ms: {
        samples: delays.length,
        p50: Number(percentile(delays, 50).toFixed(1)),
        p99: Number(percentile(delays, 99).toFixed(1)),
      },
      load1_during: Math.max(
        ...rounds.map((r) => r.load1),
        ...serial.map((r) => r.load1),
        ...peer.map((r) => r.load1),
      ),
    },
  });
} finally {
  stub?.stop();
  bareProxy?.kill();
  nginx?.kill('SIGQUIT');
  if (nginxDir) rmSync(nginxDir, { recursive: true, force: true });
  await stack.stopAll();
  await bus.remove();
  await db.drop();
}
