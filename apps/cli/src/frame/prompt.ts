import { createInterface } from 'node:readline';
import type { Sink } from './output';

/** The terminal a question is asked on: stdin (a TTY) and stderr, so stdout stays the result. */
export interface Terminal {
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  stderr: Sink;
}

/** Whether a person can be asked: stdin and stderr are both a terminal (never in a pipe or a script). */
export function interactive(terminal: Terminal): boolean {
  return terminal.stdin?.isTTY === true && terminal.stderr.isTTY === true;
}

/**
 * Asks one line on the terminal. `hidden`: nothing typed is echoed (a password), not even stars,
 * so its length does not show either.
 */
export function ask(terminal: Terminal, question: string, hidden = false): Promise<string> {
  const stdin = terminal.stdin;
  if (!stdin) return Promise.reject(new Error('no terminal to ask on'));
  const output = terminal.stderr as NodeJS.WritableStream;
  const rl = createInterface({ input: stdin, output, terminal: true });
  if (hidden) {
    // readline echoes through _writeToOutput, and redraws the prompt with the line typed so far:
    // the question is written once, nothing after it, so no keystroke ever reaches the screen.
    let prompted = false;
    const muted = rl as unknown as { _writeToOutput: (text: string) => void };
    muted._writeToOutput = () => {
      if (prompted) return;
      prompted = true;
      output.write(question);
    };
  }
  return new Promise((resolve, reject) => {
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      if (hidden) output.write('\n');
      rl.close();
      resolve(answer);
    });
    // Ctrl-C or Ctrl-D at the prompt: nothing was asked of the server.
    rl.on('close', () => {
      if (!answered) reject(new Error('cancelled at the prompt'));
    });
  });
}

/** Asks a yes/no question; only `y` or `yes` is a yes. */
export async function confirm(terminal: Terminal, question: string): Promise<boolean> {
  const answer = await ask(terminal, `${question} [y/N] `);
  return /^y(es)?$/i.test(answer.trim());
}

/** Everything a stream holds until it ends (a secret or a password piped to a command). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream)
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text;
}
