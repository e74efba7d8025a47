import { Argument, type Command } from 'commander';
import { handler, type Io } from '../frame';
import { completionTree } from './command-tree';
import { completionScript, SHELLS, type Shell } from './completion-scripts';

/**
 * `latchkey completion bash|zsh|fish`: the script is generated from the command tree at the time
 * it runs, so it completes every command this build has (`source <(latchkey completion bash)`).
 * With --json: `{ shell, script }`, like every other command's one document.
 */
export function registerCompletionCommand(program: Command, io: Io): void {
  program
    .command('completion')
    .summary('print a shell completion script')
    .description('Print a completion script for bash, zsh or fish, generated from the command tree.')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .action(
      handler<Record<string, never>>(io, ({ output }, _options, [shell]) => {
        const script = completionScript(shell as Shell, completionTree(program));
        output.result({ shell, script }, (out) => out.stdout.write(script));
      }),
    );
}
