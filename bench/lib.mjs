// Shared pieces of the benchmarks: a closed-loop load generator with HDR latency histograms,
// ABAB alternation, and result files. Every goal is a ratio against a baseline of the same run.
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';

export const RESULTS = new URL('./results/', import.meta.url).pathname;

/** Closed loop: `concurrency` requests in flight for `seconds`; latency in microseconds. */
export async function closedLoop(origin, path, headers, { concurrency = 16, seconds = 3 } = {}) {
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 10_000_000, numberOfSignificantValueDigits: 3 });
  let ok = 0;
  let failed = 0;
  const deadline = performance.now() + seconds * 1000;
  async function worker() {
    while (performance.now() < deadline) {
      const started = performance.now();
      const { statusCode, body } = await pool.request({ method: 'GET', path, headers });
      await body.dump();
      histogram.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)));
      if (statusCode === 200) ok += 1;
      else failed += 1;
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  const result = {
    requests_per_second: ok / elapsed,
    ok,
    failed,
    p50_us: histogram.getValueAtPercentile(50),
    p99_us: histogram.getValueAtPercentile(99),
  };
  histogram.destroy();
  return result;
}

/** Open loop at a fixed rate: latency is measured from the scheduled send time (no coordinated omission). */
export async function openLoop(origin, path, headers, { rate = 2000, seconds = 3 } = {}) {
  const pool = new Pool(origin, { connections: 64 });
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const total = rate * seconds;
  const start = performance.now();
  const pending = [];
  let failed = 0;
  for (let i = 0; i < total; i++) {
    const scheduled = start + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      pool.request({ method: 'GET', path, headers }).then(async ({ statusCode, body }) => {
        await body.dump();
        if (statusCode !== 200) failed += 1;
        histogram.recordValue(Math.max(1, Math.round((performance.now() - scheduled) * 1000)));
      }),
    );
  }
  await Promise.all(pending);
  await pool.close();
  const result = { rate, failed, p50_us: histogram.getValueAtPercentile(50), p99_us: histogram.getValueAtPercentile(99) };
  histogram.destroy();
  return result;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function save(name, body) {
  mkdirSync(RESULTS, { recursive: true });
  const result = {
    name,
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    ...body,
  };
  writeFileSync(join(RESULTS, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`${name}: ${JSON.stringify(body.summary ?? body)}`);
  return result;
}
