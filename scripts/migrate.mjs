#!/usr/bin/env node
// `npm run migrate`: applies every service's migrations to DATABASE_URL (idempotent).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { migrateAll } = require('@latchkey/testing');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/latchkey';
for (const line of await migrateAll(databaseUrl)) console.log(line);
