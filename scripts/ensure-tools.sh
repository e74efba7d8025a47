#!/usr/bin/env bash
# Installs the Debian tools the test suite drives when they are missing: kubectl renders the k8s
# manifests in the deployment tests, Chromium runs the console's browser tests, nats-server is the
# private bus of every test stack (and of `npm start`).
set -uo pipefail
missing=()
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x "${NATS_SERVER_BIN:-/usr/sbin/nats-server}" ] || missing+=(nats-server)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} (Debian packages) for the tests"
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
("${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null) ||
  echo "could not install ${missing[*]}: the tests that need them will fail" >&2
exit 0
