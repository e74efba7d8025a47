#!/usr/bin/env bash
# npm test: install what is missing, then lint, check formatting, typecheck, build and run every test tier.
# Jest's JSON results land in test-results/jest.json, the console's Vitest results (same JSON
# format) in test-results/vitest.json; .ci/run adds them up.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_NO_CLOUD=true NX_DAEMON=false
# MikroORM 7 is ESM-only; Jest loads it through require(esm), which needs this flag.
export NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}"
bash scripts/ensure-install.sh
bash scripts/ensure-tools.sh
export PATH="$PWD/node_modules/.bin:$PATH"

echo "== lint";      nx run-many -t lint --parallel=2 --output-style=static
# tools/, scripts/, bench/, examples/ and the root configs belong to no Nx project: linted from here.
npm run --silent lint:workspace
# Formatting drift fails the run (npm run format fixes it; the pre-commit hook formats staged files).
echo "== format";    prettier --check . --log-level=warn
echo "== typecheck"; tsc -p tsconfig.json --noEmit && tsc -p apps/console/tsconfig.json --noEmit
echo "== build";     nx run-many -t build --parallel=2 --output-style=static >/dev/null
echo "== tests"
mkdir -p test-results
status=0
echo "-- console component tests (Vitest)"
(cd apps/console && vitest run --reporter=default --reporter=json --outputFile.json=../../test-results/vitest.json) || status=$?
echo "-- unit, integration and end-to-end tests (Jest)"
jest --ci --maxWorkers=2 --json --outputFile=test-results/jest.json "$@" || status=$?
exit "$status"
