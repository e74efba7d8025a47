import { EXIT_CODE_NAMES, ExitCode, exitCodeOfProblem } from './exit-codes';

/** The problem a command failed with, as `--json` prints it on stderr (RFC 9457's members). */
export interface CliProblem {
  /** The exit code's name (`usage`, `unavailable`…), or the server's problem code when there was one. */
  code: string;
  title: string;
  detail?: string;
  /** The HTTP status of a refused request. */
  status?: number;
  exit_code: ExitCode;
  [extension: string]: unknown;
}

/**
 * A failure a command knows how to explain: its exit code and one line for a person. Anything else
 * thrown is reported as `unexpected` (exit code 1).
 */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    readonly title: string,
    readonly detail?: string,
    /** Extra members of the JSON problem (a server's `code`, `request_id`, a report). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail === undefined ? title : `${title}: ${detail}`);
    this.name = 'CliError';
  }

  /** A problem+json answer of the API (a refused request) as a CLI error. */
  static fromProblem(problem: {
    status?: number;
    code?: string;
    title?: string;
    detail?: string;
    request_id?: string;
  }): CliError {
    const exitCode = exitCodeOfProblem(problem);
    return new CliError(exitCode, problem.title ?? EXIT_CODE_NAMES[exitCode], problem.detail, {
      ...(problem.code === undefined ? {} : { code: problem.code }),
      ...(problem.status === undefined ? {} : { status: problem.status }),
      ...(problem.request_id === undefined ? {} : { request_id: problem.request_id }),
    });
  }
}

export function usageError(detail: string): CliError {
  return new CliError(ExitCode.Usage, 'usage', detail);
}

/** Any thrown value as the problem to print. */
export function problemOf(error: unknown): CliProblem {
  if (error instanceof CliError) {
    return {
      code: EXIT_CODE_NAMES[error.exitCode],
      title: error.title,
      ...(error.detail === undefined ? {} : { detail: error.detail }),
      ...error.extensions,
      exit_code: error.exitCode,
    };
  }
  return {
    code: EXIT_CODE_NAMES[ExitCode.Unexpected],
    title: 'unexpected error',
    detail: error instanceof Error ? error.message : String(error),
    exit_code: ExitCode.Unexpected,
  };
}

/** The one line a person reads on stderr: `latchkey: <title>: <detail>` (no newlines inside). */
export function problemLine(problem: CliProblem): string {
  const text = problem.detail === undefined ? problem.title : `${problem.title}: ${problem.detail}`;
  return `latchkey: ${text.replace(/\s*\n\s*/g, ' ')}`;
}
