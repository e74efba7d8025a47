#!/usr/bin/env node
// `npm run db:roles -- --database latchkey [--prefix latchkey]`: prints the SQL that creates
// Latchkey's least-privilege PostgreSQL roles (a migrator that owns the schemas, one role per
// service), for a superuser or your provider's admin role to run once:
//   npm run -s db:roles -- --database latchkey | psql "$ADMIN_URL" -v ON_ERROR_STOP=1
// Passwords come from the environment, never from arguments (process lists show those):
// MIGRATE_DB_PASSWORD, IDENTITY_DB_PASSWORD, DATA_API_DB_PASSWORD, AUDIT_DB_PASSWORD; a role whose
// variable is unset keeps its password (or authenticates otherwise, e.g. IAM). Idempotent.
// Needs a build (`npm run build`). See docs/operations.md "PostgreSQL roles".
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { defaultRoleNames, renderPostgresRolesSql } = require('@latchkey/runtime');

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'latchkey' },
    prefix: { type: 'string', default: 'latchkey' },
  },
});
const roles = defaultRoleNames(values.prefix);
const passwords = {};
for (const [variable, role] of [
  ['MIGRATE_DB_PASSWORD', roles.migrator],
  ['IDENTITY_DB_PASSWORD', roles.services.identity],
  ['DATA_API_DB_PASSWORD', roles.services['data-api']],
  ['AUDIT_DB_PASSWORD', roles.services.audit],
]) {
  if (process.env[variable]) passwords[role] = process.env[variable];
}
try {
  process.stdout.write(renderPostgresRolesSql({ database: values.database, roles, passwords }));
} catch (error) {
  process.stderr.write(`db:roles: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(64);
}
