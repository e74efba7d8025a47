import type { Command } from 'commander';

/** One command of the tree, as completion needs it: where it is, what follows it. */
export interface CompletionNode {
  /** The words from the root to it: '' for `latchkey` itself, 'audit verify-chain'. */
  path: string;
  subcommands: { name: string; description: string }[];
  /** Long options (`--json`), with what they are for. */
  options: { flag: string; description: string }[];
  /** Values an argument takes from a fixed list (`bash`, `zsh`, `fish`). */
  choices: string[];
}

/**
 * Walks commander's tree: every command, option and argument choice that exists, so a command added
 * later is completed without touching the completion scripts. The root's options are global:
 * offered at every level, where commander accepts them too.
 */
export function completionTree(program: Command): CompletionNode[] {
  // --version answers at the root only; the other root options count at every level.
  const globals = longOptions(program).filter((o) => o.flag !== '--version');
  const nodes: CompletionNode[] = [];
  const visit = (command: Command, path: string[]) => {
    const own = longOptions(command).filter((o) => command !== program || o.flag === '--version');
    nodes.push({
      path: path.join(' '),
      subcommands: visible(command).map((c) => ({
        name: c.name(),
        description: c.summary() || c.description(),
      })),
      options: [...own, ...globals, { flag: '--help', description: 'show help' }],
      choices: command.registeredArguments.flatMap((a) => a.argChoices ?? []),
    });
    for (const child of visible(command)) visit(child, [...path, child.name()]);
  };
  visit(program, []);
  return nodes;
}

function visible(command: Command): Command[] {
  // `help` is commander's own; hidden commands stay out of sight here too.
  return command.commands.filter(
    (c) => c.name() !== 'help' && !(c as unknown as { _hidden?: boolean })._hidden,
  );
}

function longOptions(command: Command): { flag: string; description: string }[] {
  return command.options.flatMap((o) =>
    o.hidden || o.long === undefined || o.long === '--help'
      ? []
      : [{ flag: o.long, description: o.description }],
  );
}
