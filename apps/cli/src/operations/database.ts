import { Client } from 'pg';
import { CliError, ExitCode } from '../frame';

/** `npm start`'s database, and the CLI's when neither --database-url nor DATABASE_URL is given. */
export const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/latchkey';

/**
 * Creates the database `url` names if it does not exist, connected to the server's `postgres`
 * database with the same credentials (`latchkey migrate --create-database`, used by `npm start`).
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  // An identifier, not a value: it cannot be a bind parameter, so only a plain name is accepted.
  if (!/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(name))
    throw new CliError(
      ExitCode.Usage,
      'usage',
      `not a database name this command creates: ${JSON.stringify(name)}`,
    );
  parsed.pathname = '/postgres';
  const admin = new Client({ connectionString: parsed.toString() });
  try {
    await admin.connect();
  } catch (error) {
    throw new CliError(
      ExitCode.Unavailable,
      'PostgreSQL unavailable',
      `${parsed.host}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount !== 0) return false;
    await admin.query(`create database "${name}"`);
    return true;
  } finally {
    await admin.end();
  }
}
