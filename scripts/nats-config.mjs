#!/usr/bin/env node
// Renders the NATS users and permissions the deployments run (k8s/base/nats-auth.conf: the
// ConfigMap nats-auth, also mounted by docker-compose.yml) from libs/contracts' bus-permissions.
// Public keys are `$NATS_NKEY_<USER>` references, resolved by nats-server from its environment
// (a Secret): nothing secret is committed. tools/deploy/deployment.spec.ts fails when the committed
// file differs from this rendering. Usage: node scripts/nats-config.mjs [--check]
// During a key rotation (docs/operations.md): node scripts/nats-config.mjs --rotating <user> prints
// the configuration with that user listed twice, as $NATS_NKEY_<USER> and $NATS_NKEY_<USER>_NEXT.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const {
  BUS_USERS,
  DEFAULT_BUS_LAYOUT,
  nkeyVariables,
  renderNatsAuthorization,
} = require('@latchkey/contracts');

const file = join(new URL('..', import.meta.url).pathname, 'k8s/base/nats-auth.conf');
const rotating = process.argv.indexOf('--rotating');
if (rotating !== -1) {
  const user = process.argv[rotating + 1];
  if (!BUS_USERS.includes(user)) {
    console.error(`--rotating takes one of: ${BUS_USERS.join(', ')}`);
    process.exit(2);
  }
  const keys = nkeyVariables();
  keys[user] = [keys[user], `${keys[user]}_NEXT`];
  process.stdout.write(renderNatsAuthorization(DEFAULT_BUS_LAYOUT, keys));
  process.exit(0);
}
const rendered = renderNatsAuthorization(DEFAULT_BUS_LAYOUT, nkeyVariables());
if (process.argv.includes('--check')) {
  if (readFileSync(file, 'utf8') !== rendered) {
    console.error(`${file} differs from the rendering: run node scripts/nats-config.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(file, rendered);
  console.log(`wrote ${file}`);
}
