#!/usr/bin/env bash
# npm run bench: build, then each benchmark; results in bench/results/*.json, summary in docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_NO_CLOUD=true NX_DAEMON=false LOG_LEVEL=warn
# The closed loops run wrk in its own process; the peer comparison runs nginx (Debian: apt-get install wrk nginx).
for tool in wrk /usr/sbin/nginx; do
  command -v "$tool" >/dev/null || { echo "npm run bench needs $tool (Debian: apt-get install wrk nginx)" >&2; exit 1; }
done
bash scripts/ensure-install.sh
export PATH="$PWD/node_modules/.bin:$PATH"
nx run-many -t build --parallel=2 --output-style=static >/dev/null
node bench/key-verification.mjs
node bench/audit-ingest.mjs
node bench/gateway.mjs
node bench/report.mjs
