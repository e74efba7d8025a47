import type { Command } from 'commander';
import { z } from 'zod';
import { CliError, handler, type Io, ExitCode, startProgress } from '../frame';
import {
  ensureDatabase,
  LOCAL_DATABASE_URL,
  DATABASE_SERVICES,
  jsonLines,
  runTask,
  SCHEMAS,
  taskFailure,
} from '../operations';

/** What each service's migrate.js prints (one JSON line). */
const migrationLine = z.object({ service: z.string(), schema: z.string(), applied: z.array(z.string()) });
export type MigrationResult = z.infer<typeof migrationLine>;

interface MigrateOptions {
  databaseUrl?: string;
  createDatabase?: boolean;
}

/**
 * `latchkey migrate`: applies identity's, data-api's and audit's migrations, in that order, each
 * by the service's own migrate.js (idempotent: applied migrations are recorded per schema). The
 * migration Job and compose's one-shot run this; it stops at the first service that fails.
 */
export function registerMigrateCommand(program: Command, io: Io): void {
  program
    .command('migrate')
    .summary("apply every service's database migrations")
    .description(
      "Apply identity's, data-api's and audit's migrations (idempotent) to DATABASE_URL, as the role that owns the schemas.",
    )
    .option('--database-url <url>', `PostgreSQL URL (default: DATABASE_URL, else ${LOCAL_DATABASE_URL})`)
    .option('--create-database', 'create the database first if it does not exist')
    .action(
      handler<MigrateOptions>(io, async ({ output, env }, options) => {
        const url = options.databaseUrl ?? (env['DATABASE_URL'] || LOCAL_DATABASE_URL);
        const created = options.createDatabase ? await ensureDatabase(url) : false;
        const results: MigrationResult[] = [];
        const progress = startProgress(output, 'migrate', DATABASE_SERVICES.length);
        try {
          for (const service of DATABASE_SERVICES) {
            const result = await runTask(service, 'database/migrate.js', {
              ...env,
              DATABASE_URL: url,
              DATABASE_SCHEMA: SCHEMAS[service],
            });
            if (result.code !== 0) throw taskFailure(service, 'migration', result);
            const [line] = jsonLines(result.stdout).map((l) => migrationLine.safeParse(l));
            if (!line?.success)
              throw new CliError(ExitCode.Unexpected, `${service} migration`, 'no result line on its output');
            results.push(line.data);
            progress.increment();
          }
        } finally {
          progress.stop();
        }
        output.result({ database_created: created, migrations: results }, (out) => {
          if (created) out.line(`created database ${new URL(url).pathname.slice(1)}`);
          out.table(
            ['service', 'schema', 'migrations'],
            results.map((r) => [
              r.service,
              r.schema,
              r.applied.length === 0 ? 'up to date' : r.applied.join('\n'),
            ]),
          );
        });
      }),
    );
}
