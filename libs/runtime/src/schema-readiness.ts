/** The table MikroORM's migrator records applied migrations in, in each service's schema. */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

export interface SchemaReadinessOptions {
  /** The service's schema, which holds its migrations table. */
  schema: string;
  /** The names of the migrations this image carries (the classes its migrate runs). */
  expected: readonly string[];
  /** Runs one read-only SQL statement and returns its rows. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** While the schema is behind, the result of one look is reused for this long (default 1000 ms). */
  recheckMs?: number;
}

/**
 * Readiness of a service's schema for its code: ready once every migration the image carries is
 * recorded as applied in the schema's migrations table (docs/operations.md "Upgrade").
 *
 * - Behind (a migration of the image not applied yet): not ready, with the reason
 *   "schema behind: N migration(s) pending (…)", so new pods of an upgrade take no traffic until
 *   the migration Job has run, whatever order the manifests were applied in.
 * - Ahead (applied migrations this image does not know): ready. That is a rollback to the previous
 *   release after a migration that was written forward-compatible (additive: the previous code
 *   neither reads nor requires what it adds), which is what makes the rollback safe to run.
 *
 * Cheap per probe: once the schema has caught up the answer is kept (applied migrations are never
 * removed by `npm run migrate`); while it is behind, the table is read at most once per `recheckMs`.
 * A code path that finds a relation or column missing anyway (e.g. audit's store) reports it with
 * `reportMissing`, which holds the check not ready until `clearMissing` (its next success).
 */
export class SchemaReadiness {
  private upToDate = false;
  private lastLook: { at: number; reason: string } | undefined;
  private inFlight: Promise<string | undefined> | undefined;
  private missing: string | undefined;

  constructor(private readonly options: SchemaReadinessOptions) {}

  /** A ReadinessCheck's `check`: resolves when ready, throws the reason otherwise. */
  readonly check = async (): Promise<void> => {
    const reason = await this.reason();
    if (reason !== undefined) throw new Error(reason);
  };

  /** Why the schema is not ready for this image, or undefined when it is. */
  async reason(): Promise<string | undefined> {
    if (this.missing !== undefined) {
      // Look again too: the migrations may be behind, which says more than the failure did.
      const behind = await this.compare();
      return behind ?? `schema behind: ${this.missing}`;
    }
    return this.compare();
  }

  /** Something the code needs is missing from the schema (e.g. PostgreSQL 42P01, 42703). */
  reportMissing(what: string): void {
    this.missing = what;
    // The migrations table may have been read before it changed: read it again.
    this.upToDate = false;
    this.lastLook = undefined;
  }

  clearMissing(): void {
    this.missing = undefined;
  }

  private async compare(): Promise<string | undefined> {
    if (this.upToDate) return undefined;
    const recheckMs = this.options.recheckMs ?? 1000;
    if (this.lastLook && Date.now() - this.lastLook.at < recheckMs) return this.lastLook.reason;
    // Probes arriving together share one look.
    this.inFlight ??= this.look().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async look(): Promise<string | undefined> {
    const { schema, expected } = this.options;
    let applied: Set<string>;
    try {
      const rows = await this.options.query(
        `select name from "${schema.replace(/"/g, '""')}"."${MIGRATIONS_TABLE}"`,
      );
      applied = new Set(rows.map((row) => String(row['name'])));
    } catch (error) {
      // No migrations table yet: nothing was ever migrated in this schema.
      if ((error as { code?: unknown } | null)?.code !== '42P01') throw error;
      applied = new Set();
    }
    const pending = expected.filter((name) => !applied.has(name));
    if (pending.length === 0) {
      this.upToDate = true;
      this.lastLook = undefined;
      return undefined;
    }
    const reason = `schema behind: ${pending.length} migration${pending.length === 1 ? '' : 's'} pending (${pending.join(', ')})`;
    this.lastLook = { at: Date.now(), reason };
    return reason;
  }
}

/**
 * Did a statement fail because the schema lacks what the code expects (relation 42P01, column
 * 42703: the schema is behind the code), rather than because of the data or the database's health?
 */
export function isSchemaBehindError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '42P01' || code === '42703';
}
