import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { createTestDatabase } from './database';

/**
 * A difference between a service's entities and its migrated schema that is there on purpose,
 * with why: the schema-drift tests ignore the statements it matches, and fail once it matches
 * none (an exception that is no longer needed is taken off the list, not kept as a blind spot).
 */
export interface DriftException {
  pattern: RegExp;
  reason: string;
}

/**
 * What MikroORM's schema generator would run to bring `schema` of the database to what the
 * entities say (one statement per entry): empty when the entities and the migrations agree.
 */
export async function schemaDriftOf(
  url: string,
  schema: string,
  entities: Options['entities'],
): Promise<string[]> {
  const orm = await MikroORM.init<PostgreSqlDriver>({
    clientUrl: url,
    schema,
    entities,
    ensureDatabase: false,
    allowGlobalContext: true,
    debug: false,
  });
  try {
    const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false, schema });
    return sql
      .split(/;\s*(?:\n|$)/)
      .map((statement) => statement.trim())
      .filter((statement) => statement.length > 0);
  } finally {
    await orm.close();
  }
}

/** The drift no exception explains, and the exceptions that explain nothing any more. */
export function unexplainedDrift(
  statements: readonly string[],
  exceptions: readonly DriftException[],
): { statements: string[]; unusedExceptions: string[] } {
  const used = new Set<DriftException>();
  const left = statements.filter((statement) => {
    const exception = exceptions.find((e) => e.pattern.test(statement));
    if (exception) used.add(exception);
    return !exception;
  });
  return {
    statements: left,
    unusedExceptions: exceptions.filter((e) => !used.has(e)).map((e) => e.reason),
  };
}

/**
 * A service's schema drift, end to end: a fresh database migrated by `migrate` (the service's own
 * migration run), MikroORM's update SQL for `entities` against it, less what `exceptions` explain.
 */
export async function schemaDriftAfterMigrations(options: {
  schema: string;
  entities: Options['entities'];
  migrate: (databaseUrl: string) => Promise<unknown>;
  exceptions: readonly DriftException[];
}): Promise<{ statements: string[]; unusedExceptions: string[] }> {
  const db = await createTestDatabase();
  try {
    await options.migrate(db.url);
    return unexplainedDrift(
      await schemaDriftOf(db.url, options.schema, options.entities),
      options.exceptions,
    );
  } finally {
    await db.drop();
  }
}

const quoted = (names: readonly string[]) => `(${names.map((n) => n.replace(/[^a-z0-9_]/g, '')).join('|')})`;
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Exceptions by kind, each matching only the named tables, columns or indexes: a drift of any
 * other column still fails the test. There is none for what an entity can state (lengths, column
 * types, defaults, indexes, constraint names): the entity states it.
 */
export const driftExceptions = {
  /** Foreign keys of references the entities map as plain id columns (MikroORM declares them only for relations). */
  foreignKeys(schema: string, table: string, columns: readonly string[], reason: string): DriftException {
    return {
      pattern: new RegExp(
        `^alter table "${schema}"\\."${table}" drop constraint "${table}_${quoted(columns)}_fkey"$`,
      ),
      reason,
    };
  },
  /** A table a store reads and writes with its own SQL, without an entity. */
  tableWithoutEntity(schema: string, table: string, reason: string): DriftException {
    return { pattern: new RegExp(`^drop table if exists "${schema}"\\."${table}" cascade$`), reason };
  },
  /**
   * An index the entity states as migrated but MikroORM (7.2) reads back without a column's sort:
   * its PostgreSQL introspection looks for each column's modifiers by name without a word
   * boundary, so in `("org_id", "id" DESC)` it takes `id` for the tail of `org_id` and misses the
   * DESC. It would re-create the index as `definition`, the entity's own: the exception matches
   * only that pair, so a change to the entity's declaration still fails the test, and once the
   * ORM reads the index right the exception matches nothing and fails it too. What it cannot
   * check meanwhile is the migrated index itself: that is the ORM's blind spot, not the entity's.
   */
  indexSortMisread(
    schema: string,
    table: string,
    name: string,
    definition: string,
    reason: string,
  ): DriftException {
    const index = `"${schema}"\\."${name}"`;
    return {
      pattern: new RegExp(
        `^(drop index ${index}|create index "${name}" on "${schema}"\\."${table}" ${literal(definition)})$`,
      ),
      reason,
    };
  },
};
