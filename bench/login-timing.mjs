// Sign-in timing: does the time of a refused POST /auth/login tell an unknown email from a wrong
// password, or from a disabled user's right password? Identity (and the gateway in front, as a
// client sees it) on their own processes; the three kinds of refusal interleaved, in a fresh order
// each round, each request from its own client address so no throttle is involved. Also the first
// refusal after a start, which once paid for computing the decoy hash. Reported, not asserted: a
// timing goal is never a test (the kinds must not differ beyond the noise within one kind).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { load1, median, medianInterval, percentile, save } from './lib.mjs';

const require = createRequire(import.meta.url);
const { isolatedStack, migrateAll, seedAll, Stack, sql } = require('@latchkey/testing');
const { generateDeploymentSecrets } = require('@latchkey/runtime');
const { decoyPasswordHash, verifyPassword } = require('../apps/identity/dist/users/password-hasher.js');

const ROUNDS = Number(process.env.BENCH_LOGIN_ROUNDS ?? 60);
const PASSWORD = 'latchkey-demo';

const { options, db, bus } = await isolatedStack({
  name: 'bench-login',
  secrets: generateDeploymentSecrets(),
  env: {
    gateway: { LOG_LEVEL: 'warn', TRUSTED_PROXIES: '127.0.0.1' },
    identity: {
      LOG_LEVEL: 'warn',
      // No throttle in the way of the measurement (every request has its own address anyway).
      LOGIN_FAILURES_BEFORE_DELAY: '1000',
      LOGIN_ACCOUNT_MAX_FAILURES: '1000000',
      LOGIN_SOURCE_MAX_FAILURES: '1000000',
    },
  },
});
const stack = new Stack(options);
let address = 0;
/** One sign-in through the gateway from a fresh client address; its time in ms and its status. */
async function login(email, password) {
  address += 1;
  const ip = `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
  const started = performance.now();
  const response = await fetch(`${stack.gatewayUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

const summary = (values) => ({
  p50: Number(percentile(values, 50).toFixed(1)),
  p90: Number(percentile(values, 90).toFixed(1)),
  mean: Number((values.reduce((a, b) => a + b, 0) / values.length).toFixed(1)),
});

try {
  await migrateAll(db.url);
  await seedAll(options);
  await stack.start(['identity', 'gateway']);
  // The first refusal after a start is an unknown email: it once computed the decoy hash first.
  const first = await login('nobody-first@acme.example', 'wrong-password');
  await sql(db.url, `update identity.users set status = 'disabled' where email = 'viewer@acme.example'`);
  const kinds = {
    unknown_email: (i) => login(`nobody-${i}@acme.example`, 'wrong-password'),
    wrong_password: () => login('member@acme.example', 'wrong-password'),
    disabled_right_password: () => login('viewer@acme.example', PASSWORD),
  };
  const times = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
  for (let i = 0; i < 5; i++) for (const run of Object.values(kinds)) await run(i);
  for (let i = 0; i < ROUNDS; i++) {
    // A fresh order each round: no kind always follows the same one.
    const order = Object.entries(kinds).sort(() => Math.random() - 0.5);
    for (const [kind, run] of order) {
      const { ms, status } = await run(i);
      if (status !== 401) throw new Error(`${kind}: expected 401, got ${status}`);
      times[kind].push(ms);
    }
  }
  const stats = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summary(v)]));
  // Each round has one refusal of each kind, close in time: the ratio within a round, its median
  // over the rounds and a 95 % interval of that median (how far the run's own noise reaches).
  const perRound = (kind) => {
    const ratios = times[kind].map((ms, i) => ms / times.wrong_password[i]);
    const [low, high] = medianInterval(ratios);
    return {
      median: Number(median(ratios).toFixed(3)),
      ci95: [Number(low.toFixed(3)), Number(high.toFixed(3))],
    };
  };
  const roundRatios = {
    unknown_over_wrong: perRound('unknown_email'),
    disabled_over_wrong: perRound('disabled_right_password'),
  };
  // The cost that dominates, without HTTP and scheduling noise: one argon2id verification against
  // the decoy and against a real user's stored hash, alternated in this process.
  const [member] = await sql(
    db.url,
    `select password_hash from identity.users where email = 'member@acme.example'`,
  );
  const decoy = await decoyPasswordHash();
  const verify = { decoy: [], user_hash: [] };
  for (let i = 0; i < ROUNDS; i++) {
    for (const [kind, hash] of [
      ['decoy', decoy],
      ['user_hash', member.password_hash],
    ]) {
      const started = performance.now();
      await verifyPassword(hash, 'wrong-password');
      verify[kind].push(performance.now() - started);
    }
  }
  const verifyStats = Object.fromEntries(Object.entries(verify).map(([k, v]) => [k, summary(v)]));
  save('login-timing', {
    rounds: ROUNDS,
    load1: load1(),
    first_refusal_after_start_ms: Number(first.ms.toFixed(1)),
    ms: stats,
    argon2_verify_ms: verifyStats,
    summary: {
      p50_ms: Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, v.p50])),
      unknown_over_wrong_p50: Number((stats.unknown_email.p50 / stats.wrong_password.p50).toFixed(3)),
      disabled_over_wrong_p50: Number(
        (stats.disabled_right_password.p50 / stats.wrong_password.p50).toFixed(3),
      ),
      per_round_ratio: roundRatios,
      // The kinds take the same time as far as this run can tell: 1 lies within each interval.
      within_spread: Object.values(roundRatios).every(({ ci95: [low, high] }) => low <= 1 && 1 <= high),
      first_refusal_after_start_ms: Number(first.ms.toFixed(1)),
      decoy_over_user_hash_verify_p50: Number((verifyStats.decoy.p50 / verifyStats.user_hash.p50).toFixed(3)),
    },
  });
} finally {
  await stack.stopAll();
  await bus.remove();
  await db.drop();
}
