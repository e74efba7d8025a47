#!/usr/bin/env node
// Writes docs/asyncapi.yaml from the events' one declaration (libs/contracts/src/event-schemas.ts),
// using the built contracts (`npm run build` first). `--check` only says whether the file is up to
// date (exit 1 if not); tools/docs/asyncapi.spec.ts fails on drift too.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { asyncApiDocument } = require(join(ROOT, 'libs/contracts/dist/index.js'));
const YAML = require('yaml');

const FILE = join(ROOT, 'docs/asyncapi.yaml');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
// The same rendering as tools/docs/asyncapi.spec.ts.
const text = YAML.stringify(asyncApiDocument(version), { lineWidth: 0 });

if (process.argv.includes('--check')) {
  if (readFileSync(FILE, 'utf8') !== text) {
    console.error('docs/asyncapi.yaml is out of date: run node scripts/asyncapi.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(FILE, text);
}
