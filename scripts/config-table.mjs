#!/usr/bin/env node
// Rewrites the README's configuration table from the services' config schemas (the built ones:
// `npm run build` first). `--check` only says whether it is up to date (exit 1 if not);
// tools/docs/readme-config.spec.ts fails on drift too.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuiltSchemas } from './built-schemas.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

let runtime;
let schemas;
try {
  ({ runtime, schemas } = loadBuiltSchemas());
} catch (error) {
  process.stderr.write(`config-table: build first (npm run build): ${error.message}\n`);
  process.exit(2);
}

const path = join(ROOT, 'README.md');
const readme = readFileSync(path, 'utf8');
const updated = runtime.withConfigTable(readme, runtime.configTable(schemas, ROOT));
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    process.stderr.write('config-table: README.md is out of date (node scripts/config-table.mjs)\n');
    process.exit(1);
  }
} else if (updated !== readme) {
  writeFileSync(path, updated);
  process.stdout.write('config-table: README.md updated\n');
}
