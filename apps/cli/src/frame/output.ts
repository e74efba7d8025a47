import Table from 'cli-table3';
import { problemLine, type CliProblem } from './cli-error';

/** Where output goes: process.stdout/stderr, or a buffer in tests. */
export interface Sink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export type Cell = string | number | boolean | null | undefined;

/**
 * The two faces of every command. With `--json` stdout carries exactly one JSON document and
 * nothing else (a script pipes it to jq); errors are one JSON problem on stderr. Without, a person
 * reads tables and lines on stdout and one line per error on stderr.
 */
export class Output {
  private emitted = false;

  constructor(
    readonly json: boolean,
    readonly stdout: Sink = process.stdout,
    readonly stderr: Sink = process.stderr,
  ) {}

  /**
   * A command's result: `document` as JSON, or `human` for a person. Once per run: a second
   * document would break every consumer that parses stdout as one JSON value.
   */
  result(document: unknown, human: (out: Output) => void): void {
    if (this.emitted) throw new Error('a command printed two results');
    this.emitted = true;
    if (this.json) this.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    else human(this);
  }

  /** A line for a person on stdout (nothing with --json). */
  line(text = ''): void {
    if (!this.json) this.stdout.write(`${text}\n`);
  }

  /** A table for a person on stdout (nothing with --json). */
  table(head: string[], rows: Cell[][]): void {
    if (this.json) return;
    const table = new Table({ head, style: { head: [], border: [] } });
    for (const row of rows)
      table.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
    this.stdout.write(`${table.toString()}\n`);
  }

  /** Progress and warnings: stderr, for a person only, so stdout stays the result. */
  note(text: string): void {
    if (!this.json) this.stderr.write(`${text}\n`);
  }

  error(problem: CliProblem): void {
    this.stderr.write(this.json ? `${JSON.stringify(problem)}\n` : `${problemLine(problem)}\n`);
  }
}
