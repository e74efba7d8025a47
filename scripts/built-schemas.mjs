// The services' config schemas and @latchkey/runtime as built (`npm run build` first), for the
// scripts that read them: the README's configuration table and the pre-flight check.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** `{ runtime, schemas }`, schemas by service in the README's order; throws when nothing is built. */
export function loadBuiltSchemas() {
  const runtime = require('@latchkey/runtime');
  const schemas = {};
  for (const [service, module, name] of [
    ['identity', 'identity/dist/config/identity-config.js', 'identityConfigSchema'],
    ['gateway', 'gateway/dist/config/gateway-config.js', 'gatewayConfigSchema'],
    ['data-api', 'data-api/dist/config/data-api-config.js', 'dataApiConfigSchema'],
    ['audit', 'audit/dist/config/audit-config.js', 'auditConfigSchema'],
  ])
    schemas[service] = require(join(ROOT, 'apps', module))[name];
  return { runtime, schemas };
}
