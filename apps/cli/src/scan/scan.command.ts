import type { Command } from 'commander';
import { MAX_LEAK_REPORT_TOKENS } from '@latchkey/api-routes';
import { anonymousClient, CliError, ExitCode, handler, send, type Io, type Output } from '../frame';
import { redact } from './secret-matcher';
import { scanFiles, scanGitHistory, type Finding } from './secret-sources';

interface ScanOptions {
  git?: boolean;
  report?: string;
}

/** The token type a report names (the intake answers it back as `token_type`). */
const TOKEN_TYPE = 'latchkey_secret';

/**
 * `latchkey scan <paths…>`: finds Latchkey secrets (format and checksum) in files and, with --git,
 * in the history of the repositories given; prints where, never the secret (only its prefix), and
 * exits with `secrets_found` (10) when it found any. `--report <gateway>` sends them to the leak
 * intake (POST /security/leaks) and prints its verdicts.
 */
export function registerScanCommand(program: Command, io: Io): void {
  program
    .command('scan')
    .summary('find Latchkey secrets in files and git history')
    .description(
      'Finds Latchkey secrets in files (folders are walked; .git and node_modules skipped) and, with --git, in every commit of the repositories given. Only secrets whose checksum holds are reported. Exit code 10 when any is found.',
    )
    .argument('<paths...>', 'files or folders (with --git: repositories)')
    .option('--git', 'also scan the git history (git log -p --all) of each path')
    .option('--report <gateway-url>', 'report what was found to the leak intake of this gateway')
    .action(
      handler<ScanOptions>(io, async (context, options, args) => {
        const paths = args[0] as string[];
        const findings = await scanFiles(paths);
        if (options.git) for (const path of paths) findings.push(...(await scanGitHistory(path)));
        const verdicts = options.report ? await report(options.report, findings) : undefined;
        const shown = findings.map((f) => ({
          location: f.location,
          source: f.source,
          secret: redact(f.secret),
          ...(verdicts ? { verdict: verdicts.get(f.secret) ?? 'unreported' } : {}),
        }));
        context.output.result({ findings: shown }, (out: Output) => {
          for (const f of shown)
            out.line(`${f.location}: ${f.secret}${'verdict' in f ? ` (${String(f.verdict)})` : ''}`);
          out.line(`${findings.length} secret${findings.length === 1 ? '' : 's'} found`);
        });
        if (findings.length > 0)
          throw new CliError(
            ExitCode.SecretsFound,
            'secrets found',
            `${findings.length} Latchkey secret${findings.length === 1 ? '' : 's'}: revoke or rotate them`,
          );
      }),
    );
}

/** Each distinct secret reported once (in reports of at most the intake's limit), its verdict by secret. */
async function report(url: string, findings: readonly Finding[]): Promise<Map<string, string>> {
  const first = new Map<string, Finding>();
  for (const finding of findings) if (!first.has(finding.secret)) first.set(finding.secret, finding);
  const items = [...first.values()].map((f) => ({
    token: f.secret,
    type: TOKEN_TYPE,
    url: f.location,
    source: f.source,
  }));
  const client = anonymousClient(url);
  const verdicts = new Map<string, string>();
  for (let at = 0; at < items.length; at += MAX_LEAK_REPORT_TOKENS) {
    const batch = items.slice(at, at + MAX_LEAK_REPORT_TOKENS);
    const answer = await send(url, client.POST('/security/leaks', { body: batch }));
    for (const verdict of answer) verdicts.set(verdict.token_raw, verdict.label);
  }
  return verdicts;
}
