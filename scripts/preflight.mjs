#!/usr/bin/env node
// Pre-flight: checks a deployment's secrets (and, for Kubernetes, its images) before anything
// starts, and prints every problem at once; exits 1 when there is one, 0 when all is well.
//
//   npm run preflight -- --namespace latchkey                 # the Secret latchkey-secrets (kubectl)
//   npm run preflight -- --env-file .env                      # docker compose
//
// Options: --secret <name> (latchkey-secrets), --secret-file <file> (a Secret as printed by
// `kubectl get secret -o json`, instead of asking the cluster), --overlay <dir> (k8s/overlays/prod:
// its images are checked; --no-images to skip). Each service is checked for the secrets its own
// config schema reads (libs/runtime deployment-secrets.ts), with that schema; values are never printed.
// Needs a build (`npm run build`): it loads the services' config schemas from apps/*/dist.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, parseEnv } from 'node:util';
import { loadBuiltSchemas } from './built-schemas.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`preflight: ${message}\n`);
  process.exit(2);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      namespace: { type: 'string', default: 'latchkey' },
      secret: { type: 'string', default: 'latchkey-secrets' },
      'secret-file': { type: 'string' },
      'env-file': { type: 'string' },
      overlay: { type: 'string', default: join(ROOT, 'k8s/overlays/prod') },
      'no-images': { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  fail(error.message);
}

let runtime;
let schemas;
try {
  ({ runtime, schemas } = loadBuiltSchemas());
} catch (error) {
  fail(`build first (npm run build): ${error.message}`);
}

const problems = [];
let checked;
if (options['env-file']) {
  const env = parseEnv(readFileSync(options['env-file'], 'utf8'));
  problems.push(...runtime.secretProblems(schemas, runtime.envFileSource(env)));
  checked = `${options['env-file']}`;
} else {
  const text = options['secret-file']
    ? readFileSync(options['secret-file'], 'utf8')
    : kubectl(['-n', options.namespace, 'get', 'secret', options.secret, '-o', 'json']);
  const secret = JSON.parse(text);
  const data = Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
  Object.assign(data, secret.stringData ?? {});
  problems.push(...runtime.secretProblems(schemas, runtime.kubernetesSecretSource(data)));
  checked = options['secret-file'] ?? `Secret ${options.namespace}/${options.secret}`;
  if (!options['no-images']) {
    problems.push(...runtime.imageProblems(latchkeyImages(kubectl(['kustomize', options.overlay]))));
    checked += ` and the images of ${options.overlay}`;
  }
}

if (problems.length > 0) {
  process.stdout.write(`preflight: ${problems.length} problem(s) in ${checked}:\n`);
  for (const p of problems) process.stdout.write(`  - ${p}\n`);
  process.exit(1);
}
process.stdout.write(`preflight: ${checked}: ok\n`);

function kubectl(args) {
  try {
    return execFileSync('kubectl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    fail(`kubectl ${args.join(' ')}: ${String(error.stderr || error.message).trim()}`);
  }
}

/** The images of the Latchkey containers in a rendered overlay (not NATS's or PostgreSQL's). */
function latchkeyImages(rendered) {
  const { parseAllDocuments } = require('yaml');
  const services = new Set([...runtime.DEPLOYED_SERVICES, 'migrate']);
  const images = [];
  for (const doc of parseAllDocuments(rendered)) {
    const r = doc.toJSON();
    const pod = r?.spec?.template?.spec;
    if (!pod) continue;
    for (const c of [...(pod.initContainers ?? []), ...pod.containers])
      if (services.has(c.name)) images.push(c.image);
  }
  return images;
}
