#!/usr/bin/env node
// `npm start`: migrate, seed a demo organisation, run the four services, print a working curl.
// Ctrl-C stops everything. Configuration: DATABASE_URL, NATS_URL, GATEWAY_PORT, *_OPS_PORT (see README).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { Stack, migrateAll, seedAll, ensureDatabase } = require('@latchkey/testing');
const { generateDeploymentSecrets } = require('@latchkey/runtime');

const root = new URL('..', import.meta.url).pathname;
const stateDir = join(root, '.latchkey');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/latchkey';
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const port = (name, fallback) => Number(process.env[name] ?? fallback);
const ports = {
  gateway: port('GATEWAY_PORT', 8080),
  identity: port('IDENTITY_PORT', 8081),
  'data-api': port('DATA_API_PORT', 8082),
  audit: port('AUDIT_PORT', 8083),
};
// /healthz, /readyz and /metrics of each service (loopback only): never on the public ports.
const opsPorts = {
  gateway: port('GATEWAY_OPS_PORT', 9090),
  identity: port('IDENTITY_OPS_PORT', 9091),
  'data-api': port('DATA_API_OPS_PORT', 9092),
  audit: port('AUDIT_OPS_PORT', 9093),
};

function reachable(url, fallbackPort) {
  const { hostname, port: p } = new URL(url);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: hostname, port: Number(p || fallbackPort), timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function main() {
  const missing = [];
  if (!(await reachable(databaseUrl, 5432)))
    missing.push(`PostgreSQL at ${databaseUrl.replace(/\/\/[^@]*@/, '//')}`);
  if (!(await reachable(natsUrl, 4222))) missing.push(`NATS at ${natsUrl}`);
  if (missing.length > 0) {
    console.error(`Cannot reach ${missing.join(' and ')}.
Start them locally, e.g. on Debian:
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
  nats-server -js -sd /var/lib/nats-server &
or with Docker:
  docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:17
  docker run -d -p 4222:4222 nats:2.11-alpine -js
or point DATABASE_URL / NATS_URL at running servers.`);
    process.exit(1);
  }

  mkdirSync(stateDir, { recursive: true });
  // Local secrets are made once and kept; a secret a newer version needs is added, never replaced.
  const secretsFile = join(stateDir, 'secrets.json');
  const existing = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : {};
  const secrets = { ...generateDeploymentSecrets(), ...existing };
  if (Object.keys(secrets).length !== Object.keys(existing).length) {
    writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
  }

  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  await ensureDatabase(databaseUrl, adminUrl.toString());
  for (const line of await migrateAll(databaseUrl)) console.log(`  migrate  ${line}`);

  const options = {
    databaseUrl,
    natsUrl,
    stream: process.env.NATS_STREAM ?? 'LATCHKEY',
    subjectPrefix: process.env.NATS_SUBJECT_PREFIX ?? 'latchkey',
    ports,
    opsPorts,
    secrets,
    logDir: join(stateDir, 'logs'),
    gatewayHost: process.env.GATEWAY_HOST ?? '0.0.0.0',
    env: { gateway: { USAGE_FLUSH_MS: process.env.USAGE_FLUSH_MS ?? '2000' } },
  };
  const orgs = await seedAll(options);
  const stack = new Stack(options);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Latchkey…');
    await stack.stopAll();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  await stack.start();
  const demo = orgs.find((o) => o.demo_key);
  const gateway = `http://localhost:${ports.gateway}`;
  console.log(`
Latchkey is running. Gateway: ${gateway}   (logs in .latchkey/logs/)
Ops (health, readiness, Prometheus): http://127.0.0.1:${opsPorts.gateway}/metrics (gateway; identity ${opsPorts.identity}, data-api ${opsPorts['data-api']}, audit ${opsPorts.audit})
Admin console:  ${gateway}/console/   (sign in as the owner below)
API reference:  ${gateway}/docs

Demo organisation: ${demo.org_name}
  owner:    ${demo.email}
  password: ${demo.password}
  API key:  ${demo.demo_key}

Try it:
  curl -s ${gateway}/v1/projects -H 'Authorization: Bearer ${demo.demo_key}'

Sign in as the owner and create a key:
  TOKEN=$(curl -s ${gateway}/auth/login -H 'content-type: application/json' \\
    -d '{"email":"${demo.email}","password":"${demo.password}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
  curl -s ${gateway}/admin/keys -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"name":"my integration","scopes":["projects:read"],"expires_in_days":30}'

Audit trail (events reach it within a few seconds):
  curl -s ${gateway}/audit/events -H 'Authorization: Bearer ${demo.demo_key}'

Press Ctrl-C to stop.`);
}

main().catch((error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
