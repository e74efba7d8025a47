import { describeError, ErrorCode, type ProblemDescription } from './error-codes';

describe('error codes, declared once', () => {
  it('every code has its status and title, and codes are snake_case wire names', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      const { status, title } = describeError(code);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(title.length).toBeGreaterThan(0);
    }
  });

  it('a document can describe a problem only by a declared code (checked by `npm run typecheck`)', () => {
    const described: ProblemDescription[] = [
      'conflict: the key is revoked',
      'rate_limited, with Retry-After',
      'not_found (including another organisation’s)',
      'invalid_api_key or invalid_token: expired',
      // @ts-expect-error a code no table declares
      'key_exploded: never',
      // @ts-expect-error a code spelled another way
      'Conflict: the key is revoked',
    ];
    expect(described).toHaveLength(6);
  });
});
