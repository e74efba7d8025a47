import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';

/**
 * Runs SQL with real bind parameters (`$1`, `$2`, …) in the transaction `em` belongs to, if any.
 * MikroORM's `execute` inlines parameters into the SQL text, which costs dearly for large JSON
 * batches; PostgreSQL parses a bound JSON parameter far faster than an escaped literal.
 */
export async function boundQuery<Row>(
  em: EntityManager,
  sql: string,
  parameters: readonly unknown[] = [],
): Promise<Row[]> {
  const context = (em.getTransactionContext() ?? em.getConnection().getClient()) as {
    executeQuery(query: CompiledQuery): Promise<{ rows: unknown[] }>;
  };
  const result = await context.executeQuery(CompiledQuery.raw(sql, [...parameters]));
  return result.rows as Row[];
}

/** Connection-level error codes of node's sockets: the database was not reachable. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/**
 * Did a database call fail because of the database's availability rather than the data: a refused
 * or cut connection, a server shutting down or out of connections, a serialization failure or a
 * deadlock? Such a call may succeed when tried again unchanged.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  // SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P (operator
  // intervention: shutdown, cannot connect now); 40001 and 40P01 (serialization failure, deadlock).
  if (/^(08|53|57P)/.test(code) || code === '40001' || code === '40P01' || SOCKET_ERRORS.has(code))
    return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /connection terminated|connection (?:is )?(?:closed|ended)|timeout exceeded when trying to connect|client has encountered a connection error|cannot use a pool after calling end/i.test(
    message,
  );
}

/**
 * Did a call fail because the database could not be reached at all (refused or cut connections,
 * a server shutting down, starting up or out of connections), anywhere in the error's `cause`
 * chain? A request that needed it answers 503: the service is fine, its database is away (a
 * failover), and the client may try again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    const text = typeof code === 'string' ? code : '';
    if (/^(08|57P)/.test(text) || text === '53300' || SOCKET_ERRORS.has(text)) return true;
    if (
      typeof message === 'string' &&
      /connection terminated|connection (?:is )?(?:closed|ended)|timeout exceeded when trying to connect|client has encountered a connection error|ECONNREFUSED|ECONNRESET/i.test(
        message,
      )
    )
      return true;
    e = cause;
  }
  return false;
}
