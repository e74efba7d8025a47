import type { Command } from 'commander';
import { z } from 'zod';
import { CliError, handler, type Io, ExitCode } from '../frame';
import { LOCAL_DATABASE_URL, databaseUrlOf, jsonLines, runTask, SCHEMAS, taskFailure } from '../operations';

/** One chain's report as audit's verifier writes it (ChainReportView in contracts). */
const chainReport = z.looseObject({
  org_id: z.string(),
  ok: z.boolean(),
  checked: z.number(),
  checkpoints_checked: z.number(),
  from_chain_seq: z.number(),
  first_broken: z
    .looseObject({
      id: z.string(),
      chain_seq: z.number(),
      reason: z.string(),
      expected: z.string(),
      stored: z.string(),
    })
    .nullable(),
});
type ChainReport = z.infer<typeof chainReport>;

interface VerifyOptions {
  org?: string;
}

/**
 * `latchkey audit verify-chain`: recomputes each organisation's hash chain from the database (and,
 * with the published keys, holds it to its signed checkpoints and retention cuts). The reports go
 * to stdout either way; a broken chain is exit code 8 with the broken links named on stderr.
 */
export function registerVerifyChainCommand(audit: Command, io: Io): void {
  audit
    .command('verify-chain')
    .summary('recompute the audit hash chains and report the first broken link')
    .description(
      "Recompute every organisation's audit hash chain from PostgreSQL (DATABASE_URL_AUDIT or DATABASE_URL). " +
        'With AUDIT_PUBLIC_KEYS (the JWKS "keys" array), AUDIT_PUBLIC_KEY or AUDIT_SIGNING_KEY it also checks ' +
        'the signed checkpoints and retention cuts. Exit code 8 if a chain is broken.',
    )
    .option('--org <id>', 'only this organisation')
    .action(
      handler<VerifyOptions>(io, async ({ output, env }, options) => {
        // Only --org chooses one organisation: a variable left in the environment does not.
        const { AUDIT_VERIFY_ORG: _ignored, ...inherited } = env;
        const result = await runTask('audit', 'chain/verify-cli.js', {
          ...inherited,
          DATABASE_URL: databaseUrlOf('audit', env, LOCAL_DATABASE_URL),
          DATABASE_SCHEMA: SCHEMAS.audit,
          ...(options.org === undefined ? {} : { AUDIT_VERIFY_ORG: options.org }),
        });
        // 0: every chain intact, 1: some broken (both reported); anything else: it could not check.
        if (result.code !== 0 && result.code !== 1) throw taskFailure('audit', 'verify-chain', result);
        const reports: ChainReport[] = jsonLines(result.stdout).map((line) => chainReport.parse(line));
        const warnings = result.stderr
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        const broken = reports.filter((r) => !r.ok);
        output.result(
          { ok: broken.length === 0, chains: reports.length, broken: broken.length, warnings, reports },
          (out) => {
            for (const warning of warnings) out.note(`warning: ${warning}`);
            if (reports.length > 0)
              out.table(
                ['organisation', 'ok', 'events checked', 'checkpoints', 'from', 'first broken link'],
                reports.map((r) => [
                  r.org_id,
                  r.ok ? 'yes' : 'NO',
                  r.checked,
                  r.checkpoints_checked,
                  r.from_chain_seq,
                  r.first_broken ? describeLink(r.first_broken) : '',
                ]),
              );
            out.line(`${reports.length} chain(s) checked, ${broken.length} broken`);
          },
        );
        if (broken.length > 0)
          throw new CliError(
            ExitCode.IntegrityFailure,
            'audit chain broken',
            broken
              .map(
                (r) => `${r.org_id} at ${r.first_broken ? describeLink(r.first_broken) : 'an unnamed link'}`,
              )
              .join('; '),
            { broken: broken.map((r) => ({ org_id: r.org_id, first_broken: r.first_broken })) },
          );
      }),
    );
}

function describeLink(link: NonNullable<ChainReport['first_broken']>): string {
  return `#${link.chain_seq} ${link.id} (${link.reason})`;
}
