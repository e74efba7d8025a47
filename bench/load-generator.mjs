// The open-loop load generator, run as its own process (node bench/load-generator.mjs '<json>') so
// its CPU is not the measured process's: requests at a fixed rate, latency from the scheduled send
// time (no coordinated omission). The first `warmup` seconds run at the same rate but are not
// recorded: the generator's own start (JIT, opening its connections) is not the system measured.
// Prints one JSON line.
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';

const {
  origin,
  path,
  headers,
  rate = 2000,
  seconds = 3,
  warmup = 1,
  connections = 64,
} = JSON.parse(process.argv[2]);
const pool = new Pool(origin, { connections, keepAliveTimeout: 30_000 });
const histogram = hdr.build({
  lowestDiscernibleValue: 1,
  highestTrackableValue: 60_000_000,
  numberOfSignificantValueDigits: 3,
});
const unrecorded = Math.round(rate * warmup);
const total = unrecorded + rate * seconds;
// From the moment the request was issued: the generator's own timer lateness left out (it is
// reported on its own), waiting for a free connection (the server being slow) still counted.
const fromIssue = hdr.build({
  lowestDiscernibleValue: 1,
  highestTrackableValue: 60_000_000,
  numberOfSignificantValueDigits: 3,
});
const lateness = hdr.build({
  lowestDiscernibleValue: 1,
  highestTrackableValue: 60_000_000,
  numberOfSignificantValueDigits: 3,
});
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
      const recorded = sent >= unrecorded;
      const issued = performance.now();
      if (recorded) lateness.recordValue(Math.max(1, Math.round((issued - scheduled) * 1000)));
      sent += 1;
      pool.request({ method: 'GET', path, headers }).then(
        async ({ statusCode, body }) => {
          await body.dump();
          if (recorded) {
            if (statusCode !== 200) failed += 1;
            const end = performance.now();
            histogram.recordValue(Math.max(1, Math.round((end - scheduled) * 1000)));
            fromIssue.recordValue(Math.max(1, Math.round((end - issued) * 1000)));
          }
          if (++done === total) resolve();
        },
        () => {
          if (recorded) failed += 1;
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
    warmup_seconds: warmup,
    requests: total - unrecorded,
    failed,
    p50_us: histogram.getValueAtPercentile(50),
    p99_us: histogram.getValueAtPercentile(99),
    max_us: histogram.maxValue,
    from_issue: {
      p50_us: fromIssue.getValueAtPercentile(50),
      p99_us: fromIssue.getValueAtPercentile(99),
      max_us: fromIssue.maxValue,
    },
    generator_lateness: {
      p50_us: lateness.getValueAtPercentile(50),
      p99_us: lateness.getValueAtPercentile(99),
    },
  }),
);
