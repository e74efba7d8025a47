// Four gateway replicas behind one bus: how fast a revocation reaches all of them, and how
// precisely they enforce one rate limit between them.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { load1 } from '../lib.mjs';

const require = createRequire(import.meta.url);
const { freePort } = require('@latchkey/testing');
const { subjectsFor } = require('@latchkey/contracts');

/** The stack's gateway and 3 more replicas, each with a small connection pool; `status` asks one. */
export async function startReplicas(bench) {
  const replicas = [bench.gateway];
  for (let i = 2; i <= 4; i++)
    replicas.push(await bench.stack.spawnGateway(`gateway-${i}`, await freePort(), bench.gatewayEnv));
  const pools = new Map(replicas.map((r) => [r, new Pool(r, { connections: 2 })]));
  const status = async (origin, path, headers) => {
    const { statusCode, body } = await pools.get(origin).request({ method: 'GET', path, headers });
    await body.dump();
    return statusCode;
  };
  const close = async () => {
    for (const pool of pools.values()) await pool.close();
  };
  return { replicas, pools, status, close };
}

/**
 * When identity's first announcement of each revocation reaches NATS subscribers (as the replicas
 * hear it): splits the figure into identity's part and the replicas' part. Listens as a gateway
 * replica would (the bus admits only its users).
 */
async function listenForAnnouncements(bench) {
  const nc = await bench.bus.server.connect('gateway');
  const announcedAt = new Map();
  nc.subscribe(subjectsFor(bench.bus.subjectPrefix).keyInvalidate, {
    callback: (error, msg) => {
      if (error) return;
      // Signed announcements (ADR 0015) carry the change inside the signed body.
      const wire = msg.json();
      const key_id = wire.attestation ? JSON.parse(wire.attestation.body).m?.key_id : wire.key_id;
      if (!announcedAt.has(key_id)) announcedAt.set(key_id, performance.now());
    },
  });
  return { announcedAt, close: () => nc.close() };
}

/** Polls one replica until it refuses the key: 404 while valid (nothing proxied), 401 once refused. */
async function refusedAt({ status }, replica, headers) {
  for (;;) {
    const s = await status(replica, '/v1/__revocation_probe', headers);
    if (s === 401) return performance.now();
    if (s !== 404) throw new Error(`probe answered ${s}`);
    await sleep(1);
  }
}

/** One sample: a fresh key warmed on every replica, revoked, and polled until every replica refuses. */
async function revokeOnce(bench, fleet) {
  const k = await bench.createKey('revoke-me');
  const headers = { authorization: `Bearer ${k.secret}` };
  for (const r of fleet.replicas)
    if ((await fleet.status(r, '/v1/projects', headers)) !== 200) throw new Error('warm-up refused');
  const started = performance.now();
  const revoked = fleet.pools
    .get(bench.gateway)
    .request({
      method: 'POST',
      path: `/admin/keys/${k.id}/revoke`,
      headers: { authorization: `Bearer ${bench.owner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'bench' }),
    })
    .then(async ({ statusCode, body }) => {
      await body.dump();
      if (statusCode !== 200) throw new Error(`revoke answered ${statusCode}`);
      return performance.now();
    });
  const refused = await Promise.all(fleet.replicas.map((r) => refusedAt(fleet, r, headers)));
  return { keyId: k.id, started, replied: await revoked, allRefused: Math.max(...refused) };
}

/** 5. Revocation across the replicas: up to 200 samples or 60 s. */
export async function measureRevocation(bench, fleet) {
  const times = [];
  const replies = [];
  const announceToRefused = [];
  const { announcedAt, close } = await listenForAnnouncements(bench);
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline && times.length < 200) {
    const sample = await revokeOnce(bench, fleet);
    replies.push(sample.replied - sample.started);
    times.push(sample.allRefused - sample.started);
    if (announcedAt.has(sample.keyId))
      announceToRefused.push(sample.allRefused - announcedAt.get(sample.keyId));
  }
  const revokeLoad = load1();
  await close();
  return { times, replies, announceToRefused, revokeLoad };
}

const WINDOW_SECONDS = 5;
const LIMIT = 100;

/** A flood over every replica for one window, 32 requests in flight: how many got through. */
async function flood(bench, { replicas, status }) {
  const k = await bench.createKey('flood', { limit: LIMIT, window_seconds: WINDOW_SECONDS });
  const headers = { authorization: `Bearer ${k.secret}` };
  for (const r of replicas) await status(r, '/v1/__warm', headers);
  // Start at a window boundary: everything admitted during the flood belongs to one window.
  await sleep(WINDOW_SECONDS * 1000 - (Date.now() % (WINDOW_SECONDS * 1000)) + 20);
  // Until shortly before the window ends (requests sent later would count in the next one).
  const deadline = performance.now() + WINDOW_SECONDS * 1000 - 400;
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
    limit: LIMIT,
    window_seconds: WINDOW_SECONDS,
    admitted,
    refused,
    // The flood reached the limit (some requests were refused): only then does the ratio say something.
    saturated: refused > 0,
    ratio: Number((admitted / LIMIT).toFixed(3)),
  };
}

/** A client at 90 % of its limit, evenly spaced, round-robin over the replicas, for three windows. */
async function steady(bench, { replicas, status }) {
  const k = await bench.createKey('steady', { limit: LIMIT, window_seconds: WINDOW_SECONDS });
  const headers = { authorization: `Bearer ${k.secret}` };
  const rate = (0.9 * LIMIT) / WINDOW_SECONDS;
  const total = Math.round(rate * WINDOW_SECONDS * 3);
  const start = performance.now();
  const sent = [];
  for (let n = 0; n < total; n++) {
    const wait = start + (n * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    sent.push(status(replicas[n % replicas.length], '/v1/projects', headers));
  }
  const statuses = await Promise.all(sent);
  return {
    limit: LIMIT,
    window_seconds: WINDOW_SECONDS,
    requests: total,
    rate_per_second: rate,
    refused_429: statuses.filter((s) => s === 429).length,
    other_failures: statuses.filter((s) => s !== 200 && s !== 429).length,
  };
}

/**
 * 6. Rate-limit precision across the replicas (they learnt of each other from heartbeats by now):
 * three floods while the steady client runs alongside.
 */
export async function measureRateLimit(bench, fleet) {
  const steadyRun = steady(bench, fleet);
  const floods = [];
  for (let n = 0; n < 3; n++) floods.push(await flood(bench, fleet));
  return { floods, steady: await steadyRun };
}
