import { describeError, ErrorCode } from '@latchkey/contracts';
import {
  EXIT_CODE_MEANINGS,
  EXIT_CODE_NAMES,
  ExitCode,
  exitCodeOfErrorCode,
  exitCodeOfProblem,
  exitCodeOfStatus,
} from './exit-codes';

describe('exit codes', () => {
  it('every code of the table is distinct, named and explained', () => {
    const codes = Object.values(ExitCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(Object.values(EXIT_CODE_NAMES)).size).toBe(codes.length);
    for (const code of codes) {
      expect(EXIT_CODE_NAMES[code]).toMatch(/^[a-z_]+$/);
      expect(EXIT_CODE_MEANINGS[code]).toBeTruthy();
    }
  });

  it('every problem code of the contract maps to the same exit code as its HTTP status', () => {
    for (const code of Object.values(ErrorCode))
      expect([code, exitCodeOfErrorCode(code)]).toEqual([code, exitCodeOfStatus(describeError(code).status)]);
  });

  it.each([
    [{ status: 401, code: 'invalid_token' }, ExitCode.Unauthenticated],
    [{ status: 401, code: 'invalid_credentials' }, ExitCode.Unauthenticated],
    [{ status: 403, code: 'insufficient_scope' }, ExitCode.Forbidden],
    [{ status: 403, code: 'ip_not_allowed' }, ExitCode.Forbidden],
    [{ status: 404, code: 'not_found' }, ExitCode.NotFound],
    [{ status: 409, code: 'conflict' }, ExitCode.Invalid],
    [{ status: 400, code: 'invalid_request' }, ExitCode.Invalid],
    [{ status: 429, code: 'rate_limited' }, ExitCode.Unavailable],
    [{ status: 504, code: 'upstream_unavailable' }, ExitCode.Unavailable],
    [{ status: 500, code: 'internal_error' }, ExitCode.Unexpected],
  ])('the problem %j is exit code %d', (problem, exit) => {
    expect(exitCodeOfProblem(problem)).toBe(exit);
  });

  it('a problem without a known code falls back on its status, and the code wins over the status', () => {
    expect(exitCodeOfProblem({ status: 503 })).toBe(ExitCode.Unavailable);
    expect(exitCodeOfProblem({ status: 422, code: 'something_new' })).toBe(ExitCode.Invalid);
    expect(exitCodeOfProblem({ status: 418 })).toBe(ExitCode.Invalid);
    expect(exitCodeOfProblem({ status: 500 })).toBe(ExitCode.Unexpected);
    expect(exitCodeOfProblem({})).toBe(ExitCode.Unexpected);
    // A proxy's 502 in front of a refusal the service named: the service's word counts.
    expect(exitCodeOfProblem({ status: 502, code: 'not_found' })).toBe(ExitCode.NotFound);
  });
});
