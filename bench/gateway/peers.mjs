// The peers the gateway's CPU per request is compared with, and how that CPU is read from /proc:
// nginx doing a `map` key lookup and proxy_pass, and the bare Node proxy (bench/bare-node-proxy.mjs).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMs, load } from '../lib.mjs';

const require = createRequire(import.meta.url);
const { freePort } = require('@latchkey/testing');

/** One worker, like the one gateway process: the key looked up in a `map` (Authorization → principal). */
function nginxConf({ dir, port, dataApiPort, secret, signed }) {
  return `worker_processes 1;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  map_hash_bucket_size 256;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  map $http_authorization $latchkey_principal {
    default "";
    "Bearer ${secret}" "${signed}";
  }
  upstream data_api { server 127.0.0.1:${dataApiPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
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
}

/**
 * Starts nginx in `dir` on `port` with a freshly signed principal for the bench key; resolves once
 * it answers the key with 200.
 */
export async function startNginx(bench, { dir, port }) {
  const conf = nginxConf({
    dir,
    port,
    dataApiPort: bench.dataApiPort,
    secret: bench.key.secret,
    signed: await bench.principal(),
  });
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child = spawn('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  for (let i = 0; i < 100; i++) {
    await sleep(50);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/v1/projects`, { headers: bench.keyHeaders })).status === 200)
        return child;
    } catch {
      /* not up yet */
    }
  }
  child.kill();
  throw new Error(`nginx did not start: ${stderr}`);
}

/** Stops nginx gracefully and waits until it is gone. */
export async function stopNginx(child) {
  child.kill('SIGQUIT');
  await new Promise((resolve) => child.once('exit', resolve));
}

/**
 * The bare Node proxy: the same lookup and forwarding in plain Node, the floor under any gateway
 * written in Node on this machine. A fresh principal per start (it lives 30 s).
 */
export async function startBareProxy(bench) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      new URL('../bare-node-proxy.mjs', import.meta.url).pathname,
      JSON.stringify({
        port,
        upstream: bench.dataApi,
        principals: { [`Bearer ${bench.key.secret}`]: await bench.principal() },
      }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (code) => reject(new Error(`the bare Node proxy exited with ${code}`)));
  });
  return { child, origin: `http://127.0.0.1:${port}` };
}

/** nginx's master and its workers. */
export const pidsOf = (master) => [
  master,
  ...readFileSync(`/proc/${master}/task/${master}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number),
];

/** 3 s of closed-loop load on `origin` with the bench key, and the CPU `pids` used per request. */
export async function cpuPerRequest(bench, origin, pids) {
  const before = cpuMs(pids);
  const result = await load({ origin, path: '/v1/projects', headers: bench.keyHeaders, seconds: 3 });
  return {
    ...result,
    cpu_us_per_request: Number((((cpuMs(pids) - before) * 1000) / result.requests).toFixed(1)),
  };
}

/** Idle CPU of each process over 3 s (timers, heartbeats, metrics): part of every per-request figure. */
export async function idleCpu(pids) {
  const before = cpuMs(pids);
  await sleep(3000);
  return Number(((cpuMs(pids) - before) / 3).toFixed(1));
}
