import type { Command } from 'commander';
import { z } from 'zod';
import { CliError, usageError, handler, type Io, ExitCode } from '../frame';
import { LOCAL_DATABASE_URL, databaseUrlOf, jsonLines, runTask, SCHEMAS, taskFailure } from '../operations';

/** One dead letter handled, as audit's re-drive writes it (never the payload). */
const redriveLine = z.object({
  seq: z.number(),
  subject: z.string(),
  outcome: z.enum(['moved', 'duplicate', 'would_move', 'failed']),
  id: z.string().optional(),
  reason: z.string().optional(),
});
const summaryLine = z.object({
  summary: z.object({
    dry_run: z.boolean(),
    moved: z.number(),
    duplicates: z.number(),
    wouldMove: z.number(),
    failed: z.number(),
    skipped: z.number(),
  }),
});

interface RedriveOptions {
  dryRun?: boolean;
  reason?: string;
  subject?: string;
  limit?: string;
}

/**
 * `latchkey audit redrive`: puts dead-lettered events back into the audit trail once what made
 * them fail is fixed (docs/operations.md "Re-drive dead letters"), as the audit service: its
 * settings (DATABASE_URL, NATS_URL, NATS_NKEY_SEED, NATS_STREAM, NATS_SUBJECT_PREFIX).
 */
export function registerRedriveCommand(audit: Command, io: Io): void {
  audit
    .command('redrive')
    .summary('put dead-lettered events back into the audit trail')
    .description(
      "Re-drive the dead-letter stream <NATS_STREAM>_DLQ into the audit trail, with audit's settings " +
        '(DATABASE_URL_AUDIT or DATABASE_URL, NATS_URL, NATS_NKEY_SEED, NATS_STREAM, NATS_SUBJECT_PREFIX). ' +
        'Exit code 9 if some dead letters could not be stored.',
    )
    .option('--dry-run', 'list what would be re-driven; change nothing')
    .option('--reason <text>', 'only dead letters whose reason contains this (e.g. 42P01, "max deliveries")')
    .option(
      '--subject <pattern>',
      'only dead letters whose original subject matches (NATS wildcards * and >)',
    )
    .option('--limit <n>', 'at most this many dead letters')
    .action(
      handler<RedriveOptions>(io, async ({ output, env }, options) => {
        if (options.limit !== undefined && !/^[1-9]\d{0,8}$/.test(options.limit))
          throw usageError(`--limit takes a positive integer (got ${JSON.stringify(options.limit)})`);
        const args = [
          ...(options.dryRun ? ['--dry-run'] : []),
          ...(options.reason !== undefined ? ['--reason', options.reason] : []),
          ...(options.subject !== undefined ? ['--subject', options.subject] : []),
          ...(options.limit !== undefined ? ['--limit', options.limit] : []),
        ];
        const taskEnv = {
          ...env,
          DATABASE_URL: databaseUrlOf('audit', env, LOCAL_DATABASE_URL),
          DATABASE_SCHEMA: SCHEMAS.audit,
        };
        const result = await runTask('audit', 'ingest/redrive-cli.js', taskEnv, args);
        if (result.code !== 0 && result.code !== 1) throw taskFailure('audit', 'redrive', result);
        const lines = jsonLines(result.stdout);
        const summary = lines.map((l) => summaryLine.safeParse(l)).find((l) => l.success)?.data?.summary;
        if (!summary) throw taskFailure('audit', 'redrive', result);
        const deadLetters = lines.flatMap((l) => {
          const parsed = redriveLine.safeParse(l);
          return parsed.success ? [parsed.data] : [];
        });
        const counts = {
          moved: summary.moved,
          already_stored: summary.duplicates,
          would_move: summary.wouldMove,
          failed: summary.failed,
          not_matching: summary.skipped,
        };
        output.result({ dry_run: summary.dry_run, summary: counts, dead_letters: deadLetters }, (out) => {
          if (deadLetters.length > 0)
            out.table(
              ['seq', 'subject', 'event', 'outcome', 'reason'],
              deadLetters.map((d) => [d.seq, d.subject, d.id, d.outcome, d.reason]),
            );
          out.line(
            `${summary.dry_run ? 'dry run: ' : ''}${counts.moved} moved, ${counts.already_stored} already stored, ` +
              `${counts.would_move} would move, ${counts.failed} failed, ${counts.not_matching} not matching`,
          );
        });
        if (summary.failed > 0)
          throw new CliError(
            ExitCode.Incomplete,
            'dead letters left',
            `${summary.failed} could not be re-driven (see their reasons)`,
          );
      }),
    );
}
