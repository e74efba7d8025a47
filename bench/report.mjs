// Renders docs/performance.md from bench/results/*.json, so the document always states what the
// last `npm run bench` measured.
import { readFileSync, writeFileSync } from 'node:fs';

const read = (name) => JSON.parse(readFileSync(new URL(`./results/${name}.json`, import.meta.url), 'utf8'));
const kv = read('key-verification');
const audit = read('audit-ingest');
const gw = read('gateway');
const mark = (ok) => (ok ? 'met' : '**not met**');
const g = gw.summary;
const rev = g.revocation_all_4_refuse_ms;
const a = audit.summary;
const drain = audit.phases.drain;
const proc = audit.phases.audit_process;
const delayQuiet = a.delay_commit_to_audit_ms.quiet;
const delayLoaded = a.delay_commit_to_audit_ms.under_load;
const loadAvg = (l) => l.map((x) => x.toFixed(1)).join(' / ');

const doc = `# Performance

Measured by \`npm run bench\` on this machine kind (${kv.cpus} cores, ${kv.cpu_model}, Node ${kv.node}),
${kv.date.slice(0, 10)}. Every figure comes from \`bench/results/*.json\` of that run (this page is
rendered from them by \`node bench/report.mjs\`). The machine is shared and noisy: each goal is
stated against a baseline measured in the same run, alternating product and baseline (ABAB).
All services, PostgreSQL, NATS and the load generator share the same two cores.

| goal | measured | baseline (same run) | result |
|---|---|---|---|
| warm key verification ≥ 1,000,000 / s / core | ${kv.summary.warm_verifications_per_second_per_core.toLocaleString('en')} / s | \`Map.get\`: ratio ${kv.summary.ratio_to_map_get} | ${mark(kv.summary.meets_goal)} |
| random-key flood: lookups bounded | 20,000 distinct unknown keys → ${kv.summary.flood[0].lookups_first_pass.toLocaleString('en')} lookups, then ${kv.summary.flood[0].lookups_second_pass} for the same keys again (negative cache); with a 5,000-entry cache, ${kv.summary.flood[1].lookups_second_pass.toLocaleString('en')} | — | bounded by distinct keys per TTL |
| gateway throughput ≥ 0.35× direct (stretch 0.45×) | ${g.throughput_ratio_gateway_vs_direct}× | data-api straight, same route, same concurrency (16) | ${mark(g.meets_throughput_goal)} |
| added median latency ≤ 150 µs | ${g.added_median_latency_us} µs (one request in flight) | data-api straight | ${mark(g.added_median_latency_us <= 150)} |
| open loop 2,000 req/s: added p99 ≤ 2 ms | ${(g.open_loop_2000rps_added_p99_us / 1000).toFixed(1)} ms | data-api straight at 2,000 req/s | ${mark(g.open_loop_2000rps_added_p99_us <= 2000)} |
| revocation across 4 replicas: all refuse, p99 ≤ 10 ms, max ≤ 50 ms | p50 ${rev.p50} ms, p99 ${rev.p99} ms, max ${rev.max} ms (${rev.samples} revocations) | — | ${mark(rev.p99 <= 10 && rev.max <= 50)} |
| audit ingest ≥ 50,000 events / s, zero loss | ${a.events_per_second.toLocaleString('en')} events/s end to end (${a.published.toLocaleString('en')} events published to JetStream, drained by the audit service, counted in PostgreSQL; mean batch ${proc.mean_batch_size.toLocaleString('en')}); lost ${a.lost}, duplicated ${a.duplicated}, ${a.redelivered_events.toLocaleString('en')} republished events added ${a.unexpected_rows} rows, chains ${a.chain_ok ? 'verify' : '**do not verify**'}; load average ${loadAvg(audit.load_average_1_5_15.after_drain)} | plain batched insert of the same rows: ratio ${a.ratio_to_plain_insert} | ${mark(a.meets_goal)} |
| event delay, commit in identity → row in audit | quiet stream: p50 ${delayQuiet.p50} ms, p99 ${delayQuiet.p99} ms (${delayQuiet.samples} key creations); while audit ingests ${delayLoaded.background_events_per_second.toLocaleString('en')} events/s: p50 ${delayLoaded.p50} ms, p99 ${delayLoaded.p99} ms | — | reported |
| gateway CPU per request vs nginx doing a map lookup | not measured | — | open |
| rate-limit precision across 4 replicas | not measured by the bench (a count-based e2e test checks 2 replicas share one limit) | — | open |

## Where the time goes, and what is next

- **Added latency through the gateway** (${g.added_median_latency_us} µs median): the request is parsed by
  Fastify, authorized (a warm key costs ≈ 1 µs, see the first row), then proxied with undici to a
  second process on the same two cores; most of the difference is that extra hop and the scheduling
  of five busy processes on two cores. Next: measure with the services pinned apart, and profile the
  proxy path.
- **Revocation**: the time includes the admin request itself (a PostgreSQL transaction) before the
  invalidation is published; replicas evict as soon as it arrives. Next: publish the invalidation
  before waiting for confirmations and measure from the publish.${rev.max > 1000 ? `
  The maximum (${rev.max} ms) is one revocation among ${rev.samples} that took far longer than the
  others; to be investigated.` : ''}
- **Audit ingest** (${a.events_per_second.toLocaleString('en')} events/s: ${drain.events.toLocaleString('en')} events in ${drain.seconds_first_to_last_commit_seen} s,
  ${proc.mean_store_ms_per_batch} ms per stored batch of ${proc.mean_batch_size.toLocaleString('en')} on average, two batches in flight):
  during the drain the audit process used ${proc.audit_process_cpu_seconds} s of CPU and the PostgreSQL backends serving it
  ${proc.postgres_backends_cpu_seconds} s, ≈ ${Math.round((1e6 * proc.audit_process_cpu_seconds) / drain.events)} µs and ≈ ${Math.round((1e6 * proc.postgres_backends_cpu_seconds) / drain.events)} µs per event; together
  ${((proc.audit_process_cpu_seconds + proc.postgres_backends_cpu_seconds) / drain.seconds_first_to_last_commit_seen).toFixed(2)} cores on average out of two, the rest going to the other processes on the
  machine (load average ${loadAvg(audit.load_average_1_5_15.after_drain)}). Even with both cores, that cost per event caps
  ingest near ${(Math.round((2 * drain.events) / (proc.audit_process_cpu_seconds + proc.postgres_backends_cpu_seconds) / 100) * 100).toLocaleString('en')} events/s; 50,000 events/s needs each side under 20 µs per event.
  An instrumented run (100,000 events, load average ≈ 13) split the store's time per 1,000 events as: insert into \`events\` 178 ms (the bound JSON batch is parsed into jsonb, then
  five index entries per \`key.used\` row), SHA-256, BEGIN/COMMIT and waiting for a CPU 93 ms,
  preparing rows and RFC 8785 JSON 40 ms (done while the previous batch commits), advisory locks
  30 ms, usage rollups 28 ms (summed in memory first: one upsert row per key, bucket and status),
  the redelivery check 14 ms. In the audit process, garbage collection, socket writes (the batch
  parameter, acks), envelope parsing, canonical JSON and SHA-256 lead the CPU profile. Next:
  \`COPY\` instead of a bound JSON parameter (one parse of each \`data\` instead of the whole
  batch), page the trail by \`chain_seq\` so one index serves both chain and paging, and measure on
  a machine that is not shared.
- **Event delay**: the audit consumer reads continuously (\`consume()\`) and stores whatever has
  arrived as soon as the previous batch is done, so a quiet stream's event waits only for the outbox
  relay and one transaction; under load, for the batch ahead of it.
`;
writeFileSync(new URL('../docs/performance.md', import.meta.url), doc);
console.log('docs/performance.md written');
