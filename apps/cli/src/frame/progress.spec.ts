import { Output, type Sink } from './output';
import { startProgress } from './progress';

function sink(isTTY: boolean): Sink & { text: string } {
  const buffer = {
    text: '',
    isTTY,
    write(chunk: string) {
      buffer.text += chunk;
      return true;
    },
    // What cli-progress asks of a terminal.
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    columns: 80,
  };
  return buffer;
}

describe('the progress bar', () => {
  it('draws on stderr when it is a terminal and the output is for a person', () => {
    const stderr = sink(true);
    const stdout = sink(true);
    const progress = startProgress(new Output(false, stdout, stderr), 'export', 10);
    progress.increment(10);
    progress.stop();
    expect(stderr.text).toContain('10/10');
    expect(stdout.text).toBe('');
  });

  it('draws nothing into a pipe or a file', () => {
    const stderr = sink(false);
    const progress = startProgress(new Output(false, sink(false), stderr), 'export', 10);
    progress.increment(10);
    progress.stop();
    expect(stderr.text).toBe('');
  });

  it('draws nothing with --json, even on a terminal', () => {
    const stderr = sink(true);
    const progress = startProgress(new Output(true, sink(true), stderr), 'export', 10);
    progress.increment(10);
    progress.stop();
    expect(stderr.text).toBe('');
  });
});
