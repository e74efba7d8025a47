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
