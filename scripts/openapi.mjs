#!/usr/bin/env node
// Writes docs/openapi.json (the product's OpenAPI document, as the gateway serves it) and the SDK's
// types generated from it (libs/sdk/src/generated/openapi.ts), from the route declarations
// (@latchkey/api-routes): no database, NATS or running service. Libraries come from their built dists (`npm run build` first);
// tools/docs/openapi-artifacts.ts, shared with the Jest check, is compiled here by swc with the
// build's own .swcrc. `--check` only says whether both files are up to date (exit 1 if not).
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { transformSync } = require('@swc/core');

const swcrc = JSON.parse(readFileSync(join(ROOT, '.swcrc'), 'utf8'));
delete swcrc.$schema;
// The workspace's TypeScript (tools/, apps/*/src) compiled on require, as Jest does; libraries
// resolve through node_modules/@latchkey to their dists.
Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcrc, swcrc: false, filename });
  module._compile(code, filename);
};

const { renderOpenApiArtifacts, REGENERATE } = require(join(ROOT, 'tools/docs/openapi-artifacts.ts'));
const files = await renderOpenApiArtifacts();

if (process.argv.includes('--check')) {
  const stale = Object.entries(files).filter(([file, text]) => {
    try {
      return readFileSync(join(ROOT, file), 'utf8') !== text;
    } catch {
      return true;
    }
  });
  for (const [file] of stale) console.error(`${file} is out of date: run ${REGENERATE}`);
  process.exit(stale.length ? 1 : 0);
}
for (const [file, text] of Object.entries(files)) writeFileSync(join(ROOT, file), text);
process.exit(0);
