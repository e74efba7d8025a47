import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

// libs/runtime may not depend on libs/testing (testing builds on runtime): its integration tests
// make their scratch databases here. Not part of the build (src/testing/ is left out by package.json's --ignore).
const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function sql<T = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `latchkey_test_${randomBytes(6).toString('hex')}`;
  await sql(ADMIN_URL, `create database "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => sql(ADMIN_URL, `drop database if exists "${name}" with (force)`).then(() => undefined),
  };
}
