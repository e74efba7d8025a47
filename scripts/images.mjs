#!/usr/bin/env node
// Builds the four service images, pushes them to your registry and pins the production overlay to
// what was pushed (k8s/overlays/prod/kustomization.yaml `images:`, newName + digest):
//
//   npm run images -- --registry registry.example.com/team --push
//
// Images are <registry>/<service>:<version> (version: package.json's, or --version), built with
// `docker buildx build --build-arg APP=<service>` from the Dockerfile. The digest is read back from
// buildx's metadata file, so the overlay names exactly the bytes pushed (a tag can be moved later).
//
// Options:
//   --registry <host[:port]/path>   where the images go (required)
//   --version <tag>                 image tag (default: package.json version)
//   --push                          push and pin the overlay (without it: build locally only)
//   --platform <list>               buildx --platform, e.g. linux/amd64,linux/arm64
//   --digest <service>=sha256:<hex> an image already pushed: no build, pin this digest (repeatable)
//   --kustomization <file>          the overlay to pin (default k8s/overlays/prod/kustomization.yaml)
//   --dry-run                       print the commands and the pinned overlay, change nothing
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = ['identity', 'gateway', 'data-api', 'audit'];
const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`images: ${message}\n`);
  process.exit(2);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      registry: { type: 'string' },
      version: {
        type: 'string',
        default: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
      },
      push: { type: 'boolean', default: false },
      platform: { type: 'string' },
      digest: { type: 'string', multiple: true, default: [] },
      kustomization: { type: 'string', default: join(ROOT, 'k8s/overlays/prod/kustomization.yaml') },
      'dry-run': { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  fail(error.message);
}

// A repository prefix as docker accepts it: a host (with a dot or a port, or localhost), then paths.
const REGISTRY =
  /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+|[a-z0-9-]+:\d+)(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const registry = options.registry?.replace(/\/+$/, '');
if (!registry) fail('--registry <host/path> is required (e.g. registry.example.com/team)');
if (!REGISTRY.test(registry))
  fail(`--registry ${registry}: not a registry host and path (lower case, no scheme, e.g. ghcr.io/acme)`);
if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(options.version))
  fail(`--version ${options.version}: not a tag`);

const given = new Map();
for (const entry of options.digest) {
  const m = /^([a-z-]+)=(sha256:[0-9a-f]{64})$/.exec(entry);
  if (!m || !SERVICES.includes(m[1]))
    fail(`--digest ${entry}: expected <${SERVICES.join('|')}>=sha256:<64 hex>`);
  given.set(m[1], m[2]);
}
const toBuild = SERVICES.filter((s) => !given.has(s));
if (!options.push && given.size === 0 && !options['dry-run'])
  process.stderr.write('images: without --push the images stay local and the overlay is not pinned\n');

const digests = new Map(given);
const work = mkdtempSync(join(tmpdir(), 'latchkey-images-'));
try {
  for (const service of toBuild) {
    const metadata = join(work, `${service}.json`);
    const args = [
      'buildx',
      'build',
      '--build-arg',
      `APP=${service}`,
      '--tag',
      `${registry}/${service}:${options.version}`,
      '--metadata-file',
      metadata,
      ...(options.platform ? ['--platform', options.platform] : []),
      options.push ? '--push' : '--load',
      ROOT,
    ];
    if (options['dry-run']) {
      process.stdout.write(`docker ${args.join(' ')}\n`);
      continue;
    }
    execFileSync('docker', args, { stdio: 'inherit' });
    if (!options.push) continue;
    const digest = JSON.parse(readFileSync(metadata, 'utf8'))['containerimage.digest'];
    if (!/^sha256:[0-9a-f]{64}$/.test(digest ?? '')) fail(`${service}: buildx reported no digest`);
    digests.set(service, digest);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (digests.size > 0) {
  const text = pinImages(readFileSync(options.kustomization, 'utf8'), registry, digests);
  if (options['dry-run']) process.stdout.write(text);
  else {
    writeFileSync(options.kustomization, text);
    for (const [service, digest] of digests)
      process.stdout.write(`${service}: ${registry}/${service}@${digest}\n`);
    process.stdout.write(
      `pinned in ${options.kustomization}; check with: kubectl kustomize ${dirname(options.kustomization)}\n`,
    );
  }
}

/**
 * The kustomization with `images:` entries latchkey/<service> → newName <registry>/<service> and
 * the digest (no newTag: the digest alone names the image). Comments and other fields stay.
 */
function pinImages(text, prefix, pinned) {
  const { parseDocument, isSeq, isMap } = require('yaml');
  const doc = parseDocument(text);
  if (doc.errors.length) fail(`${options.kustomization}: ${doc.errors[0].message}`);
  let images = doc.get('images');
  if (!images) {
    doc.set('images', doc.createNode([]));
    images = doc.get('images');
  }
  if (!isSeq(images)) fail(`${options.kustomization}: images is not a list`);
  for (const [service, digest] of pinned) {
    const name = `latchkey/${service}`;
    let entry = images.items.find((item) => isMap(item) && item.get('name') === name);
    if (!entry) {
      entry = doc.createNode({ name });
      images.items.push(entry);
    }
    entry.delete('newTag');
    entry.set('newName', `${prefix}/${service}`);
    entry.set('digest', digest);
  }
  return doc.toString();
}
