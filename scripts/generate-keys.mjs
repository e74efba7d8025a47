#!/usr/bin/env node
// Prints fresh deployment secrets as KEY='value' lines (shell and .env compatible).
// Needs a build (`npx nx run-many -t build`); `npm start` does that first.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { generateDeploymentSecrets } = require('@latchkey/runtime');
for (const [name, value] of Object.entries(generateDeploymentSecrets())) {
  process.stdout.write(`${name}='${value}'\n`);
}
