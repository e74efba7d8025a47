// Gateway cost, in one run on this machine, every figure against a baseline of the same run (ABAB):
// - GET /v1/projects through the gateway vs straight to data-api: closed-loop throughput and
//   one-request-in-flight latency (wrk, its own process), open loop at 2,000 req/s (own process);
// - gateway CPU per request vs nginx doing a `map` key lookup and proxy_pass to the same data-api,
//   and vs a bare Node proxy doing the same (the floor for any gateway in Node);
// - revocation across 4 gateway replicas: from the revoke request until every replica refuses;
// - rate-limit precision across 4 replicas (a flood spread over them; a client at 90 % of its limit).
// The phases live in bench/gateway/ and run in this order; the result goes to bench/results/gateway.json.
import { createRequire } from 'node:module';
import { jsonCaller, load, load1, ownerAndReadKey, save } from './lib.mjs';
import { measureEventDelay } from './gateway/event-delay.mjs';
import { measureClosedLoop, measureOpenLoop, measurePeers, measureSerial } from './gateway/hop.mjs';
import { measureRateLimit, measureRevocation, startReplicas } from './gateway/replicas.mjs';
import { gatewayResult } from './gateway/summary.mjs';
import { measureTrivialUpstream } from './gateway/trivial-upstream.mjs';

const require = createRequire(import.meta.url);
const { isolatedStack, migrateAll, seedAll, Stack } = require('@latchkey/testing');
const { generateDeploymentSecrets } = require('@latchkey/runtime');
const { DEFAULT_GATEWAY_KID, importSigningKey, signPrincipal } = require('@latchkey/auth-core');

const progress = (phase) => console.error(`${new Date().toISOString()} ${phase} (load ${load1()})`);
const quiet = { LOG_LEVEL: 'warn' };
// The revocation loop sees hundreds of 401s from one address: keep the per-IP failure throttle out of the measurement.
const gatewayEnv = { ...quiet, AUTH_FAILURE_LIMIT: '1000000' };

/**
 * What every phase works with: the stack's origins and processes, an owner's token, a read key and
 * the ways to call data-api through the gateway and straight (with the principal the gateway would
 * forward, signed here).
 */
async function benchContext({ stack, options, db, bus, org }) {
  const gateway = stack.gatewayUrl;
  const dataApi = stack.url('data-api');
  const call = jsonCaller(gateway);
  const { owner, key } = await ownerAndReadKey(call, org, 'bench');
  const keyHeaders = { authorization: `Bearer ${key.secret}` };
  const signingJwk = JSON.parse(options.secrets.PRINCIPAL_SIGNING_KEY);
  const signingKey = await importSigningKey(signingJwk);
  // data-api picks the public key by kid: sign under the gateway key's own kid, as the gateway does.
  const kid = signingJwk.kid ?? DEFAULT_GATEWAY_KID;
  // What the gateway forwards for this key, signed here for the direct baseline (valid 30 s: signed per run).
  const principal = () =>
    signPrincipal(
      { org_id: org.org_id, subject: key.id, kind: 'api_key', key_id: key.id, scopes: ['projects:read'] },
      'data-api',
      signingKey,
      kid,
      Math.floor(Date.now() / 1000),
    );
  const directHeaders = async () => ({ 'x-latchkey-principal': await principal() });
  return {
    stack,
    bus,
    dbUrl: db.url,
    gatewayEnv,
    gateway,
    dataApi,
    dataApiPort: options.ports['data-api'],
    gatewayPid: stack.processes.get('gateway').pid,
    dataApiPid: stack.processes.get('data-api').pid,
    call,
    owner,
    key,
    keyHeaders,
    principal,
    directHeaders,
    createKey: (name, rateLimit = { limit: 1_000_000, window_seconds: 60 }) =>
      call(
        'POST',
        '/admin/keys',
        { name, scopes: ['projects:read'], expires_in_days: 7, rate_limit: rateLimit },
        owner,
      ),
    viaGateway: (o) => load({ origin: gateway, path: '/v1/projects', headers: keyHeaders, ...o }),
    direct: async (o) =>
      load({ origin: dataApi, path: '/v1/projects', headers: await directHeaders(), ...o }),
  };
}

/** Every phase, in order (each one's comment says what it measures). */
async function measure(bench) {
  progress('nginx peer');
  const peer = await measurePeers(bench);
  progress('closed loop');
  const rounds = await measureClosedLoop(bench);
  progress('serial');
  const serial = await measureSerial(bench);
  progress('open loop');
  const { sustainable, open, openSustainable } = await measureOpenLoop(bench, rounds);
  progress('revocation');
  const fleet = await startReplicas(bench);
  const revocation = await measureRevocation(bench, fleet);
  progress('rate limit');
  const rateLimit = await measureRateLimit(bench, fleet);
  await fleet.close();
  progress('serial, trivial upstream');
  const trivial = await measureTrivialUpstream(bench);
  progress('event delay');
  const delays = await measureEventDelay(bench);
  return {
    peer,
    rounds,
    serial,
    sustainable,
    open,
    openSustainable,
    revocation,
    rateLimit,
    replicas: fleet.replicas.length,
    trivial,
    delays,
  };
}

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
await migrateAll(db.url);
const orgs = await seedAll(options);
const stack = new Stack(options);
try {
  await stack.start();
  const bench = await benchContext({ stack, options, db, bus, org: orgs[0] });
  save('gateway', gatewayResult(await measure(bench)));
} finally {
  await stack.stopAll();
  await bus.remove();
  await db.drop();
}
