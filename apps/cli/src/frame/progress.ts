import { SingleBar } from 'cli-progress';
import type { Output } from './output';

export interface Progress {
  /** Items done since the last call. */
  increment(count?: number): void;
  /** The total, when it becomes known (an export learns it from its first page). */
  setTotal(total: number): void;
  stop(): void;
}

const SILENT: Progress = { increment: () => undefined, setTotal: () => undefined, stop: () => undefined };

/**
 * A progress bar for a long run (an export, a re-drive): on stderr, and only when stderr is a
 * terminal and the output is for a person. A pipe, a log file or `--json` gets no escape codes.
 */
export function startProgress(output: Output, label: string, total = 0): Progress {
  const stream = output.stderr;
  if (output.json || stream.isTTY !== true) return SILENT;
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total}`,
    stream: stream as NodeJS.WriteStream,
    hideCursor: true,
    clearOnComplete: false,
    // A bar that is only redrawn, never scrolled: the default refuses a non-TTY, this one was checked.
    noTTYOutput: false,
  });
  bar.start(total, 0);
  return {
    increment: (count = 1) => bar.increment(count),
    setTotal: (value) => bar.setTotal(value),
    stop: () => bar.stop(),
  };
}
