#!/usr/bin/env node
// `npm start`: migrate, seed a demo organisation, run the four services, print a working curl
// and the same with the `latchkey` CLI.
// Ctrl-C stops everything. Configuration: DATABASE_URL, NATS_PORT, GATEWAY_PORT, *_OPS_PORT (see README).
// NATS is a nats-server of the stack's own (.latchkey/nats.conf): the deployment's users and
// permissions, each service with its own nkey, JetStream in .latchkey/nats/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
// The services as processes (Stack) and `latchkey seed` with their settings (seedAll runs the CLI).
const { Stack, seedAll } = require('@latchkey/testing');
const { generateDeploymentSecrets } = require('@latchkey/runtime');
const { BUS_USERS, nkeyVariableOf, renderNatsAuthorization } = require('@latchkey/contracts');

const root = new URL('..', import.meta.url).pathname;
const stateDir = join(root, '.latchkey');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/latchkey';
// Not 4222: the stack's own server, beside any other NATS on the machine.
const natsPort = Number(process.env.NATS_PORT ?? 4223);
const natsUrl = `nats://127.0.0.1:${natsPort}`;
const natsServerBin = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
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
  if (missing.length > 0) {
    console.error(`Cannot reach ${missing.join(' and ')}.
Start it locally, e.g. on Debian:
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
or with Docker:
  docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:17
or point DATABASE_URL at a running server.`);
    process.exit(1);
  }
  if (!existsSync(natsServerBin)) {
    console.error(`No nats-server at ${natsServerBin}: install it (Debian: apt-get install nats-server)
or set NATS_SERVER_BIN to its path.`);
    process.exit(1);
  }
  if (await reachable(natsUrl, natsPort)) {
    console.error(
      `Port ${natsPort} is taken: is another \`npm start\` running? Set NATS_PORT to another port.`,
    );
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

  // The stack's NATS: the deployment's authorization with this stack's public keys inline.
  const natsDir = join(stateDir, 'nats');
  mkdirSync(natsDir, { recursive: true });
  const natsConf = join(stateDir, 'nats.conf');
  const nkeys = Object.fromEntries(BUS_USERS.map((user) => [user, secrets[nkeyVariableOf(user)]]));
  const layout = {
    subjectPrefix: process.env.NATS_SUBJECT_PREFIX ?? 'latchkey',
    stream: process.env.NATS_STREAM ?? 'LATCHKEY',
    auditConsumer: 'audit',
  };
  writeFileSync(
    natsConf,
    [
      `listen: 127.0.0.1:${natsPort}`,
      `jetstream { store_dir: ${JSON.stringify(natsDir)} }`,
      renderNatsAuthorization(layout, nkeys),
    ].join('\n'),
    { mode: 0o600 },
  );
  mkdirSync(join(stateDir, 'logs'), { recursive: true });
  const nats = spawn(natsServerBin, ['-c', natsConf, '-l', join(stateDir, 'logs', 'nats.log')], {
    stdio: 'ignore',
  });
  const natsExited = new Promise((resolve) => nats.once('exit', resolve));
  for (let i = 0; !(await reachable(natsUrl, natsPort)); i++) {
    if (nats.exitCode !== null || i > 100)
      throw new Error(`nats-server did not start (see .latchkey/logs/nats.log)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stopNats = async () => {
    if (nats.exitCode === null) nats.kill('SIGTERM');
    await natsExited;
  };
  process.once('exit', () => nats.exitCode === null && nats.kill('SIGTERM'));

  // `latchkey migrate`, as the migration Job runs it; its table goes straight to the terminal.
  const migrate = spawnSync(
    process.execPath,
    [join(root, 'apps/cli/dist/main.js'), 'migrate', '--create-database'],
    { stdio: 'inherit', env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  if (migrate.status !== 0) throw new Error(`latchkey migrate exited with ${migrate.status}`);

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
    env: {
      gateway: { USAGE_FLUSH_MS: process.env.USAGE_FLUSH_MS ?? '2000' },
      // A developer's machine: notification endpoints may be http://127.0.0.1 or localhost, so
      // deliveries can be watched locally (ADR 0027). Never set in k8s or docker-compose.
      identity: { NOTIFICATIONS_ALLOW_LOCAL: process.env.NOTIFICATIONS_ALLOW_LOCAL ?? 'true' },
    },
  };
  const orgs = await seedAll(options);
  const stack = new Stack(options);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Latchkey…');
    await stack.stopAll();
    // Last: the services drained their subscriptions and pending publishes into it.
    await stopNats();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  await stack.start();
  const demo = orgs.find((o) => o.demo_key);
  const gateway = `http://localhost:${ports.gateway}`;
  console.log(`
Latchkey is running. Gateway: ${gateway}   (logs in .latchkey/logs/)
NATS (authenticated, nkeys in .latchkey/secrets.json): ${natsUrl}
Ops (health, readiness, Prometheus): http://127.0.0.1:${opsPorts.gateway}/metrics (gateway; identity ${opsPorts.identity}, data-api ${opsPorts['data-api']}, audit ${opsPorts.audit})
Admin console:  ${gateway}/console/   (sign in as the owner below)
Notifications:  endpoints on http://127.0.0.1 / localhost are allowed here (NOTIFICATIONS_ALLOW_LOCAL)
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

Or with the CLI (login asks for the password above; later commands use the stored login):
  npm run -s latchkey -- login --url ${gateway} --email ${demo.email}
  npm run -s latchkey -- keys create "my integration" --scope projects:read --expires-in-days 30
  npm run -s latchkey -- keys list

Audit trail (events reach it within a few seconds):
  curl -s ${gateway}/audit/events -H 'Authorization: Bearer ${demo.demo_key}'
  npm run -s latchkey -- audit tail      (live, Ctrl-C stops; signed in as above)

Press Ctrl-C to stop.`);
}

main().catch((error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
