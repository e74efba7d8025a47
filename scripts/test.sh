#!/usr/bin/env bash
# npm test: install what is missing, then lint, typecheck, build and run every test tier.
# Jest's JSON results land in test-results/jest.json (read by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_NO_CLOUD=true NX_DAEMON=false
# MikroORM 7 is ESM-only; Jest loads it through require(esm), which needs this flag.
export NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}"
bash scripts/ensure-install.sh
export PATH="$PWD/node_modules/.bin:$PATH"

echo "== lint";      nx run-many -t lint --parallel=2 --output-style=static
echo "== typecheck"; tsc -p tsconfig.json --noEmit
echo "== build";     nx run-many -t build --parallel=2 --output-style=static >/dev/null
echo "== tests"
mkdir -p test-results
jest --ci --maxWorkers=2 --json --outputFile=test-results/jest.json "$@"
