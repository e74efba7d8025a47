// CPU of the gateway's decision for a valid key (the allowed path: key state, then IP, path and
// scope), as one process: `node bench/decide-ab.mjs <decide.js>` decides the same request N times
// with the decision module at that path (a build of apps/gateway/src/authorization/decide.ts) and
// prints ns per decision. Run it for two builds, alternating (A B A B …), to compare a change to
// the decision (ADR 0023, 0024: the canary check) against the code before it; see
// docs/performance.md.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { IpAllowList, PathGlob, RouteMatcher } = require('@latchkey/auth-core');
const { API_ROUTES } = require('@latchkey/api-routes');

const decide = require(resolve(process.argv[2] ?? 'apps/gateway/dist/authorization/decide.js'));
const N = Number(process.env.BENCH_DECIDE_N ?? 20_000_000);

const key = {
  snapshot: {
    key_id: 'key_1',
    org_id: 'org_1',
    public_id: 'lk_pub_1',
    status: 'active',
    environment: 'live',
    scopes: ['projects:read', 'leads:read'],
    allowed_paths: ['/v1/projects*'],
    allowed_ips: ['203.0.113.0/24'],
    rate_limit: { limit: 1000, window_seconds: 60 },
    expires_at: null,
    secret_valid_until: null,
  },
  ipAllowList: new IpAllowList(['203.0.113.0/24']),
  allowedPaths: [PathGlob.compile('/v1/projects*')],
};
const match = new RouteMatcher(API_ROUTES).match('GET', '/v1/projects');
const now = Date.now();
let allowed = 0;
const start = process.hrtime.bigint();
for (let i = 0; i < N; i++) {
  if (
    decide.checkKeyState(key, now).ok &&
    decide.checkKeyConstraints(key, match, '/v1/projects', '203.0.113.7').ok
  )
    allowed++;
}
const ns = Number(process.hrtime.bigint() - start) / N;
if (allowed !== N) throw new Error(`expected every decision to allow, ${allowed} of ${N} did`);
console.log(`${ns.toFixed(1)} ns per decision`);
