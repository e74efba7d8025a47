// The figures bench/results/gateway.json leads with (and docs/performance.md quotes), each next to
// its goal, computed from the runs of every phase.
import { median, percentile } from '../lib.mjs';

const fixed = (value, digits) => Number(value.toFixed(digits));

/** p50/p99 (and max) of a list of milliseconds. */
const spread = (samples, digits, { max = false } = {}) => ({
  p50: fixed(percentile(samples, 50), digits),
  p99: fixed(percentile(samples, 99), digits),
  ...(max ? { max: fixed(Math.max(...samples), digits) } : {}),
});

function hopSummary({ peer, rounds, serial, open, openSustainable, sustainable, trivial }) {
  const ratio = median(rounds.map((r) => r.gateway.requests_per_second / r.direct.requests_per_second));
  const cpuRatio = median(peer.map((r) => r.gateway.cpu_us_per_request / r.nginx.cpu_us_per_request));
  const { openTrivial } = trivial;
  return {
    throughput_ratio_gateway_vs_direct: fixed(ratio, 3),
    throughput_goal: 0.35,
    meets_throughput_goal: ratio >= 0.35,
    added_median_latency_us: median(serial.map((r) => r.gateway.p50_us - r.direct.p50_us)),
    added_median_goal_us: 150,
    added_median_latency_trivial_upstream_us: trivial.addedMedianTrivialUs,
    added_median_latency_bare_node_proxy_us: median(
      serial.map((r) => r.bare_node_proxy.p50_us - r.direct.p50_us),
    ),
    closed_loop_cpu_us_per_request: {
      gateway_path: {
        gateway: median(rounds.map((r) => r.gateway.gateway_cpu_us_per_request)),
        data_api: median(rounds.map((r) => r.gateway.data_api_cpu_us_per_request)),
      },
      direct: { data_api: median(rounds.map((r) => r.direct.data_api_cpu_us_per_request)) },
    },
    open_loop_2000rps_added_p99_us: median(open.map((r) => r.gateway.p99_us - r.direct.p99_us)),
    open_loop_direct_2000rps_p99_us: median(open.map((r) => r.direct.p99_us)),
    open_loop_sustainable_rate: sustainable,
    open_loop_sustainable_added_p99_us: median(
      openSustainable.map((r) => r.gateway.p99_us - r.direct.p99_us),
    ),
    open_loop_goal_us: 2000,
    open_loop_trivial_upstream_2000rps: {
      added_p99_us: median(openTrivial.map((r) => r.gateway.p99_us - r.direct.p99_us)),
      direct_p99_us: median(openTrivial.map((r) => r.direct.p99_us)),
      direct_p99_from_issue_us: median(openTrivial.map((r) => r.direct.from_issue.p99_us)),
      generator_lateness_p99_us: median(openTrivial.map((r) => r.direct.generator_lateness.p99_us)),
    },
    gateway_cpu_us_per_request: median(peer.map((r) => r.gateway.cpu_us_per_request)),
    nginx_cpu_us_per_request: median(peer.map((r) => r.nginx.cpu_us_per_request)),
    cpu_ratio_gateway_vs_nginx: fixed(cpuRatio, 2),
    cpu_ratio_goal: 2,
    bare_node_proxy_cpu_us_per_request: median(peer.map((r) => r.bare_node_proxy.cpu_us_per_request)),
    cpu_ratio_bare_node_proxy_vs_nginx: fixed(
      median(peer.map((r) => r.bare_node_proxy.cpu_us_per_request / r.nginx.cpu_us_per_request)),
      2,
    ),
  };
}

function revocationSummary({ times, replies, announceToRefused, revokeLoad }) {
  return {
    revocation_all_4_refuse_ms: {
      samples: times.length,
      ...spread(times, 2, { max: true }),
      goal_p99: 10,
      goal_max: 50,
      poll_interval_ms: 1,
      load1: revokeLoad,
    },
    revocation_announce_to_all_refuse_ms: {
      samples: announceToRefused.length,
      ...spread(announceToRefused, 2, { max: true }),
    },
    revocation_reply_ms: spread(replies, 2),
  };
}

function rateLimitSummary({ floods, steady }, replicas) {
  const saturated = floods.filter((f) => f.saturated);
  const maxFlood = saturated.length > 0 ? Math.max(...saturated.map((f) => f.ratio)) : null;
  return {
    replicas,
    max_admitted_ratio: maxFlood,
    goal_ratio: 1.1,
    steady_90pct_refused: steady.refused_429,
    saturated_floods: saturated.length,
    meets_goal: maxFlood !== null && maxFlood <= 1.1 && steady.refused_429 === 0,
  };
}

/**
 * The whole result: every run as measured, and the summary. `runs` holds each phase's result
 * (peer, rounds, serial, open, openSustainable, sustainable, revocation, rateLimit, replicas,
 * trivial, delays).
 */
export function gatewayResult(runs) {
  const { peer, rounds, serial, open, openSustainable, trivial, revocation, rateLimit, delays } = runs;
  return {
    load_generator:
      'wrk (1 thread, separate process) for closed loops; bench/load-generator.mjs (separate Node process) for open loops',
    rounds,
    serial,
    serial_trivial_upstream: trivial.serialTrivial,
    open_trivial_upstream: trivial.openTrivial,
    open,
    open_sustainable: openSustainable,
    nginx_peer: peer,
    rate_limit: rateLimit,
    summary: {
      ...hopSummary(runs),
      ...revocationSummary(revocation),
      rate_limit_precision: rateLimitSummary(rateLimit, runs.replicas),
      event_delay_commit_to_audit_ms: { samples: delays.length, ...spread(delays, 1) },
      load1_during: Math.max(
        ...rounds.map((r) => r.load1),
        ...serial.map((r) => r.load1),
        ...peer.map((r) => r.load1),
      ),
    },
  };
}
