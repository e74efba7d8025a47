import { Command, CommanderError, Option } from 'commander';
import { registerAuditCommands } from './audit/audit.command';
import { registerCompletionCommand } from './completion/completion.command';
import { problemOf, usageError, type Io, EXIT_CODE_MEANINGS, ExitCode, Output } from './frame';
import { registerKeysCommands } from './keys/keys.command';
import { registerDecisionsCommands } from './audit/decisions.command';
import { registerLoginCommands } from './login/login.command';
import { registerMigrateCommand } from './migrate/migrate.command';
import { registerNotificationsCommands } from './notifications/notifications.command';
import { registerPolicyCommands } from './policy/policy.command';
import { registerScanCommand } from './scan/scan.command';
import { registerSeedCommand } from './seed/seed.command';
import { registerUsersCommands } from './users/users.command';
import { registerWebhooksCommands } from './webhooks/webhooks.command';

const VERSION = '0.1.0';

/**
 * The command tree. Each capability registers its own commands (apps/cli/src/<capability>/);
 * completion and --help are derived from this tree, so a new command needs nothing else.
 */
export function buildProgram(io: Io): Command {
  const program = new Command('latchkey')
    .description("Latchkey operators' command line.")
    .version(VERSION, '--version', 'print the version')
    .addOption(new Option('--json', 'machine output: one JSON document on stdout, errors as JSON on stderr'))
    .addOption(
      new Option(
        '--url <url>',
        'the gateway (default: LATCHKEY_URL, the stored login, http://localhost:8080)',
      ),
    )
    .addOption(new Option('--token <token>', 'bearer token (default: LATCHKEY_TOKEN, then the stored login)'))
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `\nExit codes:\n${Object.entries(EXIT_CODE_MEANINGS)
        .map(([code, meaning]) => `  ${code.padStart(2)}  ${meaning}`)
        .join('\n')}`,
    );
  registerLoginCommands(program, io);
  registerKeysCommands(program, io);
  registerUsersCommands(program, io);
  registerPolicyCommands(program, io);
  registerWebhooksCommands(program, io);
  registerNotificationsCommands(program, io);
  registerAuditCommands(program, io);
  registerDecisionsCommands(program, io);
  registerMigrateCommand(program, io);
  registerSeedCommand(program, io);
  registerScanCommand(program, io);
  registerCompletionCommand(program, io);
  configure(program, io);
  return program;
}

/** Every command writes through io and throws instead of exiting: runCli decides the exit code. */
function configure(command: Command, io: Io): void {
  command.exitOverride().configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    // Printed by runCli, once, as a line or as a JSON problem.
    outputError: () => undefined,
  });
  for (const child of command.commands) configure(child, io);
}

/** `--json` anywhere before `--`: known before commander has parsed anything (a usage error). */
function wantsJson(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}

/** Runs one command line (`args` without node and the script); resolves to the exit code. */
export async function runCli(args: string[], io: Io): Promise<ExitCode> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(args, { from: 'user' });
    return ExitCode.Ok;
  } catch (thrown) {
    let error = thrown;
    if (error instanceof CommanderError) {
      // --help and --version end here too, having printed what was asked.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.Ok;
      error = usageError(error.message.replace(/^error: /, ''));
    }
    const problem = problemOf(error);
    new Output(wantsJson(args), io.stdout, io.stderr).error(problem);
    return problem.exit_code;
  }
}
