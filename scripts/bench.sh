#!/usr/bin/env bash
# npm run bench: build, then each benchmark; results in bench/results/*.json, summary in docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_NO_CLOUD=true NX_DAEMON=false LOG_LEVEL=warn
# The closed loops run wrk in its own process; the peer comparison runs nginx (Debian: apt-get install wrk nginx).
if ! command -v wrk >/dev/null || [ ! -x /usr/sbin/nginx ]; then
  echo "Installing wrk and nginx (Debian packages) for the benchmarks"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null) ||
    { echo "npm run bench needs wrk and nginx (Debian: apt-get install wrk nginx)" >&2; exit 1; }
fi
bash scripts/ensure-install.sh
export PATH="$PWD/node_modules/.bin:$PATH"
nx run-many -t build --parallel=2 --output-style=static >/dev/null
node bench/key-verification.mjs
node bench/bus-messages.mjs
node bench/path-glob.mjs
node bench/login-timing.mjs
node bench/audit-ingest.mjs
node bench/gateway.mjs
node bench/denial-flood.mjs
# Gateway sizing: CPU per 1,000 requests, and heap with full key caches (k8s/base/gateway.yaml).
node bench/sizing.mjs
# This checkout's gateway against the previous release's (bench/baseline-ref.txt): the first run
# checks that revision out under .latchkey/bench-baseline/, installs and builds it (npm ci).
node bench/gateway-ab.mjs
node bench/report.mjs
