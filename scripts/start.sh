#!/usr/bin/env bash
# npm start: install what is missing, build, then hand over to scripts/start.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_NO_CLOUD=true NX_DAEMON=false
bash scripts/ensure-install.sh
export PATH="$PWD/node_modules/.bin:$PATH"
nx run-many -t build --parallel=2 --output-style=static >/dev/null
exec node scripts/start.mjs
