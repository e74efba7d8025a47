// What the gateway's hop costs in front of data-api: CPU against its peers, closed-loop throughput,
// latency with one request in flight, and the tail of an open loop.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuMs, load, load1, openLoopProcess } from '../lib.mjs';
import { cpuPerRequest, idleCpu, pidsOf, startBareProxy, startNginx, stopNginx } from './peers.mjs';

const require = createRequire(import.meta.url);
const { freePort } = require('@latchkey/testing');

/**
 * 1. Gateway CPU per request against nginx and the bare Node proxy, 3 rounds (CPU from /proc).
 * A fresh principal per round (it lives 30 s), so the peers never forward an expired one.
 */
export async function measurePeers(bench) {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-nginx-'));
  const port = await freePort();
  const nginxOrigin = `http://127.0.0.1:${port}`;
  let nginx;
  let bareProxy;
  try {
    await load({ origin: bench.gateway, path: '/v1/projects', headers: bench.keyHeaders, seconds: 2 }); // JIT warm-up
    const peer = [];
    for (let i = 0; i < 3; i++) {
      nginx = await startNginx(bench, { dir, port });
      bareProxy = await startBareProxy(bench);
      const nginxPids = pidsOf(nginx.pid);
      await cpuPerRequest(bench, nginxOrigin, nginxPids); // warm-up (keep-alive to data-api)
      await cpuPerRequest(bench, bareProxy.origin, [bareProxy.child.pid]); // warm-up (JIT, keep-alive)
      peer.push({
        gateway: await cpuPerRequest(bench, bench.gateway, [bench.gatewayPid]),
        nginx: await cpuPerRequest(bench, nginxOrigin, nginxPids),
        bare_node_proxy: await cpuPerRequest(bench, bareProxy.origin, [bareProxy.child.pid]),
        idle_cpu_ms_per_second: {
          gateway: await idleCpu([bench.gatewayPid]),
          nginx: await idleCpu(nginxPids),
        },
        load1: load1(),
      });
      const stopped = stopNginx(nginx);
      bareProxy.child.kill();
      await stopped;
      nginx = undefined;
      bareProxy = undefined;
    }
    return peer;
  } finally {
    bareProxy?.child.kill();
    nginx?.kill('SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 2. Closed-loop throughput, 16 connections, 3 rounds, with the CPU each process used per request. */
export async function measureClosedLoop(bench) {
  await bench.viaGateway({ seconds: 2 });
  await bench.direct({ seconds: 2 }); // warm-up
  // The gateway path costs the gateway and data-api.
  const withCpu = async (run) => {
    const before = [cpuMs([bench.gatewayPid]), cpuMs([bench.dataApiPid])];
    const result = await run();
    const perRequest = (ms) => Number(((ms * 1000) / result.requests).toFixed(1));
    return {
      ...result,
      gateway_cpu_us_per_request: perRequest(cpuMs([bench.gatewayPid]) - before[0]),
      data_api_cpu_us_per_request: perRequest(cpuMs([bench.dataApiPid]) - before[1]),
    };
  };
  const rounds = [];
  for (let i = 0; i < 3; i++)
    rounds.push({
      gateway: await withCpu(() => bench.viaGateway({ seconds: 3 })),
      direct: await withCpu(() => bench.direct({ seconds: 3 })),
      load1: load1(),
    });
  return rounds;
}

/**
 * 3. Added latency without queueing: one request in flight at a time, 3 rounds. The bare Node proxy
 * alongside: what any Node hop in front of data-api adds here.
 */
export async function measureSerial(bench) {
  const serial = [];
  let bareProxy;
  try {
    for (let i = 0; i < 3; i++) {
      bareProxy = await startBareProxy(bench); // a fresh principal per round (it lives 30 s)
      const bare = { origin: bareProxy.origin, path: '/v1/projects', headers: bench.keyHeaders };
      await load({ ...bare, seconds: 1 }); // warm-up
      serial.push({
        gateway: await bench.viaGateway({ connections: 1, seconds: 3 }),
        direct: await bench.direct({ connections: 1, seconds: 3 }),
        bare_node_proxy: await load({ ...bare, connections: 1, seconds: 3 }),
        load1: load1(),
      });
      bareProxy.child.kill();
      bareProxy = undefined;
    }
    return serial;
  } finally {
    bareProxy?.child.kill();
  }
}

/**
 * 4. Open loop at 2,000 req/s, and at half of what the gateway path (the slower side) sustained
 * closed-loop in this run (`rounds`), 2 rounds each.
 */
export async function measureOpenLoop(bench, rounds) {
  const sustainable = Math.min(
    2000,
    Math.floor(0.5 * Math.min(...rounds.map((r) => r.gateway.requests_per_second))),
  );
  const open = [];
  for (let i = 0; i < 2; i++) {
    open.push({
      gateway: await openLoopProcess(bench.gateway, '/v1/projects', bench.keyHeaders),
      direct: await openLoopProcess(bench.dataApi, '/v1/projects', await bench.directHeaders()),
      load1: load1(),
    });
  }
  const openSustainable = [];
  for (let i = 0; i < 2; i++) {
    openSustainable.push({
      gateway: await openLoopProcess(bench.gateway, '/v1/projects', bench.keyHeaders, { rate: sustainable }),
      direct: await openLoopProcess(bench.dataApi, '/v1/projects', await bench.directHeaders(), {
        rate: sustainable,
      }),
      load1: load1(),
    });
  }
  return { sustainable, open, openSustainable };
}
