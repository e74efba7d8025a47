// Renders docs/performance.md from bench/results/*.json, so the document always states what the
// last `npm run bench` measured.
import { readFileSync, writeFileSync } from 'node:fs';

const read = (name) => JSON.parse(readFileSync(new URL(`./results/${name}.json`, import.meta.url), 'utf8'));
const kv = read('key-verification');
const audit = read('audit-ingest');
const gw = read('gateway');
const df = read('denial-flood');
const glob = read('path-glob');
const ab = read('gateway-ab');
const lt = read('login-timing');
const bus = read('bus-messages');
const bk = bus.per_kind;
const mark = (ok) => (ok ? 'met' : '**not met**');
const g = gw.summary;
const rev = g.revocation_all_4_refuse_ms;
const rl = g.rate_limit_precision;
const a = audit.summary;
const drain = audit.phases.drain;
const proc = audit.phases.audit_process;
const delayQuiet = a.delay_commit_to_audit_ms.quiet;
const delayLoaded = a.delay_commit_to_audit_ms.under_load;
const ceiling = audit.phases.ceiling_jetstream_deliver_and_ack_only;
const drainCpu =
  proc.audit_process_cpu_seconds +
  proc.postgres_backends_cpu_seconds +
  (proc.nats_server_cpu_seconds_during_drain ?? 0);
const perEvent = (seconds) => (seconds === null ? '—' : Math.round((1e6 * seconds) / drain.events));
const cl = g.closed_loop_cpu_us_per_request;
const pathCpuUs = cl.gateway_path.gateway + cl.gateway_path.data_api;
const loadAvg = (l) => l.map((x) => x.toFixed(1)).join(' / ');
const d = df.summary;
const abs = ab.summary;
const abCi = abs.cpu_ratio_median_95ci;
const abNew = abs.new_connection_per_request;
// Met only when the whole interval is within the goal; a median within it and an interval reaching
// past it is not resolved by this run.
const abResult =
  abs.meets_goal && abCi && abCi[1] > abs.cpu_ratio_goal
    ? `**not resolved**: the median is within ${abs.cpu_ratio_goal}, the interval reaches past it`
    : mark(abs.meets_goal);
const lts = lt.summary;
const ltr = lts.per_round_ratio;
const ratioWithCi = (r) => `${r.median} (95 % interval ${r.ci95[0]}–${r.ci95[1]})`;

const doc = `# Performance

Measured by \`npm run bench\` on this machine kind (${kv.cpus} cores, ${kv.cpu_model}, Node ${kv.node}),
${[...new Set([kv, audit, gw, df, glob, ab, lt, bus].map((r) => r.date.slice(0, 10)))].sort().join(' to ')}. Every figure comes from \`bench/results/*.json\` (each benchmark's last run; this page is
rendered from them by \`node bench/report.mjs\`). The machine is shared and noisy: each goal is
stated against a baseline measured in the same run, alternating product and baseline (ABAB).
All services, PostgreSQL, NATS and the load generator share the same two cores; the load
generators run in their own processes (\`wrk\` for closed loops, \`bench/load-generator.mjs\` for
open loops). Load average (1 min) during the gateway runs: up to ${g.load1_during}; other work was
running on the machine, so absolute figures are noisy and the ratios are what to compare.

| goal | measured | baseline (same run) | result |
|---|---|---|---|
| warm key verification ≥ 1,000,000 / s / core | ${kv.summary.warm_verifications_per_second_per_core.toLocaleString('en')} / s (load ${kv.summary.load1 ?? '—'}) | \`Map.get\`: ratio ${kv.summary.ratio_to_map_get} | ${mark(kv.summary.meets_goal)} |
| random-key flood: lookups bounded | 20,000 distinct unknown keys → ${kv.summary.flood[0].lookups_first_pass.toLocaleString('en')} lookups, then ${kv.summary.flood[0].lookups_second_pass} for the same keys again (negative cache); with a 5,000-entry cache, ${kv.summary.flood[1].lookups_second_pass.toLocaleString('en')} | — | bounded by distinct keys per TTL |
| key lookup on a cache miss with N peppers (a pepper rotation holds 2): reported | hashing the presented secret: ${(kv.summary.miss_hashing_by_peppers ?? []).map((m) => `${m.peppers}: ${m.microseconds_per_miss} µs`).join(', ')}; the gateway's whole miss path without the NATS round trip: ${(kv.summary.miss_path_by_peppers ?? []).map((m) => `${m.peppers}: ${m.microseconds_per_miss} µs`).join(', ')} (load ${kv.summary.load1 ?? '—'}) | 1 pepper | reported |
| \`allowed_paths\` match ≤ 50 µs: the worst glob issuance accepts against the longest path the gateway accepts | ${glob.summary.worst_us_per_match} µs (\`${glob.summary.worst_glob}\` against a ${glob.summary.path_length.toLocaleString('en')}-byte path, ${glob.summary.worst_path.replace(/_/g, ' ')}; the slowest of ${(glob.candidates.hand_made + glob.candidates.random_within_rules).toLocaleString('en')} globs within the rules × ${Object.keys(glob.paths).length} paths); a webhook key's glob on its ingest path: ${glob.summary.common_case_us} µs | the old matcher (a regular expression per request): ${glob.summary.common_case_old_us} µs on that webhook path, ${glob.summary.old_matcher_slowest.old_ms.toLocaleString('en')} ms for ${glob.summary.old_matcher_slowest.doubled_stars} \`**\` against a ${glob.summary.old_matcher_slowest.path_length}-byte path (new: ${glob.summary.old_matcher_slowest.new_us} µs) | ${mark(glob.summary.meets_goal)} |
| gateway throughput ≥ 0.35× direct (stretch 0.45×) | ${g.throughput_ratio_gateway_vs_direct}× | data-api straight, same route, same concurrency (16) | ${mark(g.meets_throughput_goal)} |
| added median latency ≤ 150 µs | ${g.added_median_latency_us} µs (one request in flight); in front of a trivial upstream instead of data-api: ${g.added_median_latency_trivial_upstream_us} µs; the bare Node proxy in front of data-api: ${g.added_median_latency_bare_node_proxy_us} µs | data-api straight; the trivial upstream straight | ${mark(g.added_median_latency_us <= 150)} |
| open loop 2,000 req/s: added p99 ≤ 2 ms | ${(g.open_loop_2000rps_added_p99_us / 1000).toFixed(1)} ms; at ${g.open_loop_sustainable_rate} req/s (half of what the gateway path sustained closed-loop): ${(g.open_loop_sustainable_added_p99_us / 1000).toFixed(1)} ms | data-api straight at the same rate: p99 ${(g.open_loop_direct_2000rps_p99_us / 1000).toFixed(1)} ms at 2,000 req/s | ${mark(g.open_loop_2000rps_added_p99_us <= 2000)} |
| gateway CPU per request ≤ 2× nginx doing a \`map\` key lookup + proxy_pass | ${g.gateway_cpu_us_per_request} µs vs ${g.nginx_cpu_us_per_request} µs: ${g.cpu_ratio_gateway_vs_nginx}×; a bare Node proxy doing only the same lookup and forwarding: ${g.bare_node_proxy_cpu_us_per_request} µs, ${g.cpu_ratio_bare_node_proxy_vs_nginx}× nginx | nginx 1.22, one worker, same route, same data-api, same wrk load | ${mark(g.cpu_ratio_gateway_vs_nginx <= 2)} |
| hot path CPU per request ≤ 1.05 × the previous release's gateway (same run, alternating) | ${abs.cpu_ratio_current_over_baseline}× (median of ${abs.pairs} pairs of ${abs.seconds_per_round} s rounds in ${abs.sessions} sessions of fresh processes; 95 % interval of the median from the sessions ${abCi ? `${abCi[0]}–${abCi[1]}` : '—'}; single pairs ${abs.cpu_ratio_min}–${abs.cpu_ratio_max}; all rounds pooled ${abs.cpu_ratio_pooled}×): ${abs.cpu_us_per_request.current} µs against ${abs.cpu_us_per_request.baseline} µs per request, ${abs.requests_per_second.current.toLocaleString('en')} against ${abs.requests_per_second.baseline.toLocaleString('en')} req/s. A client opening a new connection for every request: ${abNew.cpu_ratio_current_over_baseline}× (sessions ${abNew.cpu_ratio_min}–${abNew.cpu_ratio_max}; ${abNew.cpu_us_per_request.current} µs against ${abNew.cpu_us_per_request.baseline} µs). Load ${abs.load1_min}–${abs.load1_max}, machine ${Math.round(abs.machine_busy_share_median * 100)} % busy during the rounds | the previous release's gateway, \`${abs.baseline_ref}\`${abs.baseline_sha.startsWith(abs.baseline_ref) ? '' : ` (${abs.baseline_sha})`}, built from that revision: same Node, settings, key, route (\`${ab.route}\`) and trivial upstream | ${abResult} |
| revocation across 4 replicas: all refuse, p99 ≤ 10 ms, max ≤ 50 ms | p50 ${rev.p50} ms, p99 ${rev.p99} ms, max ${rev.max} ms (${rev.samples} revocations, replicas polled every ${rev.poll_interval_ms ?? 1} ms; revoke reply p50 ${g.revocation_reply_ms?.p50 ?? '—'} ms); from identity's announcement on NATS until all 4 refuse: p50 ${g.revocation_announce_to_all_refuse_ms.p50} ms, p99 ${g.revocation_announce_to_all_refuse_ms.p99} ms, max ${g.revocation_announce_to_all_refuse_ms.max} ms | — | ${mark(rev.p99 <= 10 && rev.max <= 50)} |
| rate limit across 4 replicas: admitted ≤ 1.10 × limit, a client at 90 % never refused | flood spread over ${rl.replicas} replicas: at most ${rl.max_admitted_ratio ?? '— (no flood reached the limit)'} × the limit (${gw.rate_limit.floods.map((f) => `${f.admitted}/${f.limit}`).join(', ')} in one ${gw.rate_limit.floods[0].window_seconds} s window); 90 % client: ${rl.steady_90pct_refused} of ${gw.rate_limit.steady.requests} refused | — | ${mark(rl.meets_goal)} |
| audit ingest ≥ 50,000 events / s, zero loss | ${a.events_per_second.toLocaleString('en')} events/s end to end (${a.published.toLocaleString('en')} events published to JetStream, drained by the audit service, counted in PostgreSQL; mean batch ${proc.mean_batch_size.toLocaleString('en')}); lost ${a.lost}, duplicated ${a.duplicated}, ${a.redelivered_events.toLocaleString('en')} republished events added ${a.unexpected_rows} rows, chains ${a.chain_ok ? 'verify' : '**do not verify**'}; load average ${loadAvg(audit.load_average_1_5_15.after_drain)} | plain batched insert of the same rows: ratio ${a.ratio_to_plain_insert}; JetStream deliver + ack only: ${ceiling.events_per_second.toLocaleString('en')} events/s | ${mark(a.meets_goal)} |
| event delay, commit in identity → row in audit | quiet stream: p50 ${delayQuiet.p50} ms, p99 ${delayQuiet.p99} ms (${delayQuiet.samples} key creations); while audit ingests ${delayLoaded.background_events_per_second.toLocaleString('en')} events/s: p50 ${delayLoaded.p50} ms, p99 ${delayLoaded.p99} ms | — | reported |
| one tenant's flood of refusals does not erase another's: all of the other tenant's refusals in its trail, stored events ≤ windows × records per window | tenant A: ${d.flood_refusals_sent.toLocaleString('en')} refused requests over ${d.flood_distinct_tuples} (key, route) tuples, all ${d.flood_refusals_counted === d.flood_refusals_sent ? 'counted' : `**${d.flood_refusals_counted.toLocaleString('en')} counted**`} (sum of \`count\`) in ${d.flood_events_stored} stored events over ${d.windows} windows of ${df.window_ms / 1000} s (bound ${d.windows} × ${d.records_per_window_bound} = ${d.events_bound}: its budget of ${df.budget_per_org} records + 1 overflow record per window; one event per refusal before: ${d.events_one_per_refusal_before.toLocaleString('en')}); tenant B at the same time: ${d.other_tenant_refusals_in_its_trail} of ${d.other_tenant_refusals_sent} refusals in its trail (${d.other_tenant_events_stored} events). Recording a refusal: ${d.record_refusal_ns} ns (anonymous, with its source network: ${d.record_refusal_anonymous_ns} ns; beyond the budget: ${d.record_refusal_beyond_budget_ns} ns); gateway CPU per refused request ${d.gateway_cpu_us_per_refused_request} µs at ${d.flood_requests_per_second.toLocaleString('en')} req/s, load ${df.load1_during} | before: one payload built and queued per refusal, ${d.record_refusal_before_ns} ns, then its envelope and JSON at the flush ${d.record_refusal_before_envelope_ns} ns, and one publish each | ${mark(d.meets_goal)} |
| authenticated bus messages (ADR 0015): lookups on cache misses only, sync cheap enough for every admitted request near a limit | key lookup reply (Ed25519): identity signs in ${bk.key_lookup_reply.sign_us} µs, the gateway verifies in ${bk.key_lookup_reply.verify_us} µs, against a NATS request/reply round trip of ${bk.key_lookup_reply.nats_round_trip_us ?? '—'} µs (plus identity's query); invalidation ${bk.key_invalidation.sign_us} + ${bk.key_invalidation.verify_us} µs, heartbeat ${bk.gateway_heartbeat.sign_us} + ${bk.gateway_heartbeat.verify_us} µs; rate-limit sync (HMAC-SHA-256) ${bk.rate_limit_sync.sign_us} + ${bk.rate_limit_sync.verify_us} µs, where Ed25519 would cost ${bk.rate_limit_sync_if_ed25519.sign_us} + ${bk.rate_limit_sync_if_ed25519.verify_us} µs; the warm path verifies nothing; load ${bus.summary.load1} | the same message without authentication (JSON out and in): lookup ${bk.key_lookup_reply.plain_json_us} µs, sync ${bk.rate_limit_sync.plain_json_us} µs | reported |
| failed sign-ins take the same time whatever the cause | medians through the gateway (${lt.rounds} rounds, the kinds in a fresh order each round): unknown email ${lts.p50_ms.unknown_email} ms, wrong password ${lts.p50_ms.wrong_password} ms, a disabled user's right password ${lts.p50_ms.disabled_right_password} ms; ratio to the wrong password in the same round: unknown email ${ratioWithCi(ltr.unknown_over_wrong)}, disabled user ${ratioWithCi(ltr.disabled_over_wrong)}; the first refusal after a start ${lts.first_refusal_after_start_ms} ms; one argon2id verification against the decoy / a user's hash: ${lts.decoy_over_user_hash_verify_p50}; load ${lt.load1} | a wrong password, in the same rounds | reported: ${lts.within_spread ? "ratios within the run's spread" : "**a ratio outside the run's spread**"} |

## Where the time goes, and what is next

- **Gateway profile** (\`node bench/profile-gateway.mjs 10 16 --stub-upstream\`: a replica under
  \`--cpu-prof\`, proxying to a trivial upstream so the profile is about the gateway): about a third
  of the main thread's busy samples are the kernel writing to sockets (\`writev\` to the client,
  \`write\` to the upstream: one each per request), the rest mostly Node's HTTP server and undici's
  client; garbage collection is about 1 %, and the gateway's own code (credential parsing, key cache,
  authorization, rate limit, usage) a few per cent. A principal is signed once per (key, audience)
  and reused. Cut so far: one undici \`Pool\` per upstream with headers passed as a flat list and no
  \`URL\` per request; responses received through undici's dispatch handler (no body stream, promise
  or copy per response; a small response sent whole with its Content-Length, one write); a
  callback-style route handler (no thenable reply adopted per request); no per-request allocation for
  scope parsing, route matching, path normalisation, the principal, or the checksum check. What
  remains is the cost of a second HTTP hop in Node: the gateway uses
  ${g.cpu_ratio_gateway_vs_nginx}× the CPU per request of nginx doing the same lookup and proxying, and
  a bare Node proxy (\`bench/bare-node-proxy.mjs\`: \`node:http\`, a \`Map\` lookup, undici's dispatch;
  none of the gateway's checks) already ${g.cpu_ratio_bare_node_proxy_vs_nginx}×: that is the floor for a gateway in Node
  on this machine; the gateway's checks, rate limit, usage and Fastify are the rest.
- **Hot path against the previous release** (\`bench/gateway-ab.mjs\`): the gateway of the revision in
  \`bench/baseline-ref.txt\` (\`BENCH_BASELINE_REF\` overrides it; checked out in
  \`.latchkey/bench-baseline/<sha>\`, installed with \`npm ci\` and built once) and this checkout's gateway
  run side by side, as processes of their own on the same Node with the same settings, in front of the
  same trivial upstream, against the identity and NATS of one stack: nothing but the gateway's code
  differs. wrk sends \`${ab.route}\` with the same key to one gateway at a time (16 connections kept
  alive); a round's figure is the gateway process's CPU (user + system, from /proc) over the round
  divided by the requests it completed. In each of ${abs.sessions} sessions both gateways start afresh, are
  warmed up and measured in ${abs.pairs / abs.sessions} pairs of ${abs.seconds_per_round} s rounds alternating the previous
  release's (A) and this one's (B): A B, B A, A B, …. The result is the median of the pairs' ratios
  B/A; on this shared machine (load ${abs.load1_min}–${abs.load1_max}) a single pair ranged from
  ${abs.cpu_ratio_min} to ${abs.cpu_ratio_max} and a session (its rounds pooled) from
  ${Math.min(...abs.cpu_ratio_per_session)} to ${Math.max(...abs.cpu_ratio_per_session)} (the trivial upstream, doing the same work in every round,
  used from ${abs.upstream_cpu_us_per_request_range[0]} to ${abs.upstream_cpu_us_per_request_range[1]} µs per request: the machine itself does not hold still).
  Hence the alternation and pairing in one run, over several
  pairs of processes (one pair of processes for a whole run let runs disagree by more than their
  pairs' spread), and never a comparison across runs. The baseline serves \`/readyz\` on its public port
  and signs principals without \`typ\`; in front of a trivial upstream neither matters.
  \`node bench/gateway-ab.mjs --cpu-prof\` profiles both and lists where their CPU per request differs.
  Over five sessions of fresh processes, the functions that differ in every profile add up to about
  1–2 µs per request (≈ 1 %): the request logger's factory, which binds the client's request id
  (≈ +0.9 µs against Fastify's default), the server's own request id (≈ +0.3 µs), the URL check
  before routing (≈ +0.3 µs), partly offset by a cheaper sliding-window limiter (≈ −0.8 µs);
  garbage collection and the kernel's socket writes moved by more than that, either way from one
  profile to the next. Looked at beyond the profiles, both gateways side by side under the same wrk
  load: their answers differ by one header (\`x-content-type-options: nosniff\`, 31 bytes); the
  system calls per request are the same (one \`writev\` to the client, one \`write\` to the upstream,
  two \`read\`s, strace); so are the CPU of an idle process, the allocation per request (≈ 24 KB, V8's
  sampling heap profiler counting collected objects too) and the scavenges per request (V8's
  GCProfiler); no Fastify hook was added on the API routes (the console's security headers are
  registered in the \`/console\` scope only). Read per thread from /proc (a pair of processes in
  alternating rounds, load 11–14), V8's worker threads (garbage collection and concurrent compilation
  helpers) used more CPU per request in this release each time, 10–15 µs against 6–7 µs, and 5.5
  against 3.8 µs after the cuts below, while after warm-up neither gateway deoptimised or recompiled
  anything over and over (\`--trace-deopt\`, \`--trace-opt\`, 15 s of load each): a lead, not a
  finding. On a fully busy machine the interval is too wide to decide a difference of 5 %: on
  2026-12-03, with other work running (load 7.5–26.5), runs gave medians of 1.044 (interval
  0.88–1.275) and 1.1 (0.849–1.177). With nothing else running (load 1.8–2.9, the benchmark's own
  processes), the release with the cuts below and before the bus was authenticated (\`80c3e6c\`)
  gave 1.042 (9 sessions, interval 0.98–1.157, pooled 1.048), and the figure in the table is this
  checkout's, measured the same way: the medians are within 5 %, the intervals are wider than it.
  Cut since, on costs both releases paid per request: the route's onRequest hook decides a warm
  key (cached, its principal signed) without a promise (the async hook made one,
  adopted by Fastify's hook runner with a microtask, on every request), the route's and the metrics'
  onResponse hooks are callback style, and the services' onRequest hook hands its arguments to
  \`AsyncLocalStorage.run\` instead of a new closure.
- **Sign-in timing** (\`bench/login-timing.mjs\`): identity behind the gateway, each request from a
  client address of its own so that no throttle is involved; the three kinds of refusal interleaved
  in a fresh order each round. A refusal's time is one argon2id verification (an unknown email against a
  decoy hash made at start, a wrong password and a disabled user against the user's own hash), which
  dominates everything else; the ratios are per round, so the machine's load moves both sides of each.
- **Added latency** (${g.added_median_latency_us} µs median, one request in flight): in front of a
  trivial upstream the gateway adds ${g.added_median_latency_trivial_upstream_us} µs, its own hop (a socket
  write and read each way, two HTTP parses, the decision itself ≈ 1 µs, first row). In front of
  data-api it adds more: one request at a time through four processes (wrk, gateway, data-api,
  PostgreSQL) on two cores, each woken in turn, and data-api's and the gateway's per-request CPU
  both rise at that rate (cold caches between wake-ups). The bare Node proxy (no checks at all) in
  front of data-api added ${g.added_median_latency_bare_node_proxy_us} µs in the same rounds: most of the
  figure is a second Node hop on this machine. Load during the runs: ${g.load1_during}.
- **Open loop at 2,000 req/s**: closed loop, a request through the gateway cost the gateway
  ${cl.gateway_path.gateway} µs and data-api ${cl.gateway_path.data_api} µs of CPU (data-api straight:
  ${cl.direct.data_api} µs), so 2,000 req/s through the gateway needs
  ${((pathCpuUs * 2000) / 1e6).toFixed(2)} cores for those two alone, before PostgreSQL, NATS, the
  load generator and the other services: on two cores the path queues (data-api straight at 2,000
  req/s: p99 ${(g.open_loop_direct_2000rps_p99_us / 1000).toFixed(1)} ms). At ${g.open_loop_sustainable_rate} req/s
  (half of what the gateway path sustained closed-loop) the gateway adds ${(g.open_loop_sustainable_added_p99_us / 1000).toFixed(1)} ms at p99.
  In front of a trivial upstream instead of data-api, at 2,000 req/s the gateway added
  ${(g.open_loop_trivial_upstream_2000rps.added_p99_us / 1000).toFixed(1)} ms at p99; the measurement's own floor
  there (the trivial upstream straight) was p99 ${(g.open_loop_trivial_upstream_2000rps.direct_p99_us / 1000).toFixed(1)} ms
  from the scheduled send time, ${(g.open_loop_trivial_upstream_2000rps.direct_p99_from_issue_us / 1000).toFixed(1)} ms from the
  moment the generator issued the request (its own timer lateness, p99 ${(g.open_loop_trivial_upstream_2000rps.generator_lateness_p99_us / 1000).toFixed(1)} ms,
  left out): on this shared two-core machine a 2 ms tail is below what an open loop resolves.
  Each open-loop run sends for one second before it records (the generator's start is not measured).
- **data-api's list route**: one SQL statement built from the entity metadata once (\`ResourceListing\`)
  instead of MikroORM's query builder and entity hydration, which cost several times the query
  itself; with the list query schemas built once per resource (zod compiles a schema on first use),
  data-api's CPU per \`GET /v1/projects\` fell from ≈ 700 µs to the ${cl.direct.data_api} µs above.
- **Revocation**: identity publishes the invalidation on plain NATS with \`revoked: true\` as soon as
  the revocation is decided inside its transaction (before its UPDATE), and again after the commit
  with confirmations; every replica marks the cached key revoked and refuses it without asking
  identity again (ADR 0004). The time measured runs from sending \`POST /admin/keys/:id/revoke\`
  (through the gateway to identity, a PostgreSQL transaction) until the last of the 4 replicas
  answers 401, polled every millisecond; the revoke reply itself took p50 ${g.revocation_reply_ms.p50} ms.
  Most of the time is before identity announces: the admin request's hop through the gateway,
  identity's user token check (a user lookup), the transaction's read of the key, each a process
  that waits for a core on this machine. From the announcement to the last replica refusing took p50
  ${g.revocation_announce_to_all_refuse_ms.p50} ms; its tail is replicas waiting for a core (and the
  probes themselves: 4 replicas polled every millisecond are load too). Next: measure on a machine
  not shared with other work; skip the gateway hop for the admin API if the tail stays.
- **CPU per request, next**: writing the proxied response straight to the socket instead of through
  Fastify's reply and hooks, and no per-request child logger, async-local context or histogram
  labels on the proxied route.
- **Rate limit across replicas**: each replica broadcasts its counts when it has admitted its share of
  the remaining headroom (and every 100 ms), so near the limit the others learn of each request
  within one NATS delivery; measured with a flood over 4 replicas starting at a window boundary.
  The sliding-window counter still approximates across a window boundary (a burst straddling two
  windows can pass more than the limit within one window length), as with a single replica.
- **\`allowed_paths\` matching** (\`bench/path-glob.mjs\`): a key's globs are compiled when its snapshot
  enters the gateway's cache and matched without backtracking: a glob is cut at its \`**\` into chunks
  whose \`/\`s line up with the path's, the first chunk checked from the path's start and the last from
  its end, so a glob issuance accepts (${glob.summary.rules.maxLength} characters, ${glob.summary.rules.maxWildcards} wildcards, one \`**\`) costs one
  pass over the path at most. The old regular expression backtracked exponentially in the number of
  \`**\` (table above). Globs with several \`**\`, which only keys issued before the rules can hold,
  are still matched exactly, in polynomial time: the slowest measured, \`${glob.summary.beyond_rules_worst.glob}\`,
  took ${(glob.summary.beyond_rules_worst.us_per_match / 1000).toFixed(1)} ms against the ${glob.summary.beyond_rules_worst.path.replace(/_/g, ' ')} path
  (docs/operations.md shows how to find such keys).
- **Warm key verification**: one pass over the secret for shape and checksum, then one SHA-256 for
  the cache key and a \`Map\` lookup; the SHA-256 (≈ 0.3–0.5 µs here) is most of it and stays: the
  cache is never keyed by the secret itself (ADR 0003).
- **Audit ingest** (${a.events_per_second.toLocaleString('en')} events/s: ${drain.events.toLocaleString('en')} events in ${drain.seconds_first_to_last_commit_seen} s,
  ${proc.mean_store_ms_per_batch} ms per stored batch of ${proc.mean_batch_size.toLocaleString('en')} on average, ${a.store_lanes} store lanes, two batches in flight).
  CPU per event during the drain: audit process ≈ ${perEvent(proc.audit_process_cpu_seconds)} µs (its start-up included),
  PostgreSQL backends ≈ ${perEvent(proc.postgres_backends_cpu_seconds)} µs, nats-server ≈ ${perEvent(proc.nats_server_cpu_seconds_during_drain)} µs: ≈ ${perEvent(drainCpu)} µs in all,
  so two cores fully used would still stop near ${(Math.round((2 * drain.events) / drainCpu / 100) * 100).toLocaleString('en')} events/s.
  50,000 events/s leaves 40 µs of CPU per event for everything. In the same run, JetStream
  delivering the backlog to a consumer that only acks reached ${ceiling.events_per_second.toLocaleString('en')} events/s with nats-server at ${ceiling.nats_server_cpu_us_per_event} µs
  per event, and a plain batched insert of the same rows into a table with only a primary key
  ${audit.phases.baseline_plain_insert_events_per_second.toLocaleString('en')} events/s: the bus and a bare insert alone take most of that budget before the
  five index entries per \`key.used\` row (id, trail paging, key, type, chain position), the hash chain and the rollups.
  Measured steps so far: rows go in with \`COPY\` (PostgreSQL ≈ 68 → 36 µs per event against a bound
  JSON batch), three lanes instead of two (≈ +20 %). An instrumented run split one lane's
  transaction of ≈ 1,500 events as: redelivery check and advisory locks 30–130 ms, chain heads 2–120 ms,
  SHA-256 chain 10–30 ms, \`COPY\` 70–340 ms, rollups 15–210 ms: the spread is the single event loop,
  which also parses, prepares and streams the other lanes' batches, and a CPU shared by three kinds of process.
  Not done: paging the trail by \`chain_seq\` (one index fewer), hashing and preparation in a worker thread.
- **Refusals under a flood** (\`bench/denial-flood.mjs\`, ADR 0008): the gateway counts refusals per
  (organisation or source network, key, reason, status, route) and window; each organisation has its
  own budget of ${df.budget_per_org} records per window and everything beyond it is counted on one overflow record
  per reason and status, so tenant A's ${d.flood_distinct_tuples} tuples became at most ${d.records_per_window_bound} records per window
  (${df.per_window.map((w) => w.records).join(', ')} in its ${d.windows} windows) and tenant B's records were never in competition with them. A refusal of
  a tuple that already has its record is a timestamp, one \`Map\` lookup per part of the tuple (keyed by values the
  gateway already holds, no composite key built) and a counter increment: ${d.record_refusal_ns} ns, against
  ${d.record_refusal_before_ns} ns for building and queuing one payload per refusal before, plus ${d.record_refusal_before_envelope_ns} ns for its
  envelope and JSON at the flush and one JetStream publish each; the sample's path and its SHA-256 are made once per record. The gateway's CPU per refused request (${d.gateway_cpu_us_per_refused_request} µs) is mostly
  Fastify and the problem response, measured on a machine at load ${df.load1_during}.
- **Event delay**: the audit consumer reads continuously (\`consume()\`) and stores whatever has
  arrived as soon as the previous batch is done, so a quiet stream's event waits only for the outbox
  relay and one transaction; under load, for the batch ahead of it.
`;
writeFileSync(new URL('../docs/performance.md', import.meta.url), doc);
console.log('docs/performance.md written');
