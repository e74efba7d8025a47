import type { Command, OptionValues } from 'commander';
import type { GlobalOptions } from './connection';
import { Output, type Sink } from './output';
import type { Terminal } from './prompt';

/** What the process gives a run: its streams and environment (a test gives buffers and its own). */
export interface Io {
  stdout: Sink;
  stderr: Sink;
  env: NodeJS.ProcessEnv;
  /** Where a person answers a question (login's password, a confirmation); none in tests. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

export interface CommandContext {
  output: Output;
  globals: GlobalOptions;
  env: NodeJS.ProcessEnv;
  /** The terminal to ask on (frame/prompt.ts): stdin and stderr. */
  terminal: Terminal;
}

/**
 * Wraps a command's action: parses nothing itself (commander did), hands the command its options,
 * arguments and the output chosen by --json. What it throws is printed and mapped to the exit
 * code by the runner (cli.ts), in one place.
 */
export function handler<O extends OptionValues>(
  io: Io,
  action: (context: CommandContext, options: O, args: unknown[]) => Promise<void> | void,
): (...received: unknown[]) => Promise<void> {
  return async (...received) => {
    const command = received[received.length - 1] as Command;
    const globals = command.optsWithGlobals<GlobalOptions>();
    const context: CommandContext = {
      output: new Output(globals.json === true, io.stdout, io.stderr),
      globals,
      env: io.env,
      terminal: { stderr: io.stderr, ...(io.stdin ? { stdin: io.stdin } : {}) },
    };
    await action(context, command.opts<O>(), command.processedArgs as unknown[]);
  };
}
