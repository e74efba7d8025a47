import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';

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
