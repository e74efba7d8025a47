// The open-loop load generator, run as its own process (node bench/load-generator.mjs '<json>') so
// its CPU is not the measured process's: requests at a fixed rate, latency from the scheduled send
// time (no coordinated omission). Prints one JSON line.
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';

const { origin, path, headers, rate = 2000, seconds = 3, connections = 64 } = JSON.parse(process.argv[2]);
const pool = new Pool(origin, { connections, keepAliveTimeout: 30_000 });
const histogram = hdr.build({
  lowestDiscernibleValue: 1,
  highestTrackableValue: 60_000_000,
  numberOfSignificantValueDigits: 3,
});
const total = rate * seconds;
let failed = 0;
let done = 0;
const finished = new Promise((resolve) => {
  const start = performance.now();
  let sent = 0;
  const tick = () => {
    // Send everything that is due (a late timer catches up; latency still counts from the schedule).
    const now = performance.now();
    while (sent < total && start + (sent * 1000) / rate <= now) {
      const scheduled = start + (sent * 1000) / rate;
      sent += 1;
      pool.request({ method: 'GET', path, headers }).then(
        async ({ statusCode, body }) => {
          await body.dump();
          if (statusCode !== 200) failed += 1;
          histogram.recordValue(Math.max(1, Math.round((performance.now() - scheduled) * 1000)));
          if (++done === total) resolve();
        },
        () => {
          failed += 1;
          if (++done === total) resolve();
        },
      );
    }
    if (sent < total) setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now()));
  };
  tick();
});
await finished;
await pool.close();
console.log(
  JSON.stringify({
    rate,
    requests: total,
    failed,
    p50_us: histogram.getValueAtPercentile(50),
    p99_us: histogram.getValueAtPercentile(99),
    max_us: histogram.maxValue,
  }),
);
