import { describe, expect, it } from 'vitest';
import { toApiError } from './problem-messages';

const problem = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

describe('toApiError', () => {
  it('puts each code of the contract in words and keeps the request id', async () => {
    const error = await toApiError(
      problem(403, {
        code: 'insufficient_scope',
        detail: 'needs keys:write',
        request_id: 'r-1',
        title: 'Insufficient scope',
        status: 403,
      }),
    );
    expect(error.message).toBe(
      'Your role does not allow this action (needs keys:write). Ask an owner or admin of your organisation.',
    );
    expect(error.requestId).toBe('r-1');
  });

  it('says how long to wait when rate limited', async () => {
    const error = await toApiError(
      problem(429, { code: 'rate_limited', request_id: 'r-2' }, { 'retry-after': '17' }),
    );
    expect(error.message).toBe('Too many requests. Wait 17 seconds and try again.');
    expect(error.retryAfterSeconds).toBe(17);
  });

  it('copes with an answer that is not problem+json, using the X-Request-Id header', async () => {
    const error = await toApiError(
      new Response('<html>Bad gateway</html>', { status: 502, headers: { 'x-request-id': 'r-3' } }),
    );
    expect(error.code).toBe('http_502');
    expect(error.requestId).toBe('r-3');
    expect(error.message).toBe('The request failed.');
  });

  it('lists the fields an invalid request names', async () => {
    const error = await toApiError(
      problem(400, {
        code: 'invalid_request',
        detail: 'name: Too small',
        errors: [{ field: 'name', message: 'Too small' }],
      }),
    );
    expect(error.fieldErrors).toEqual([{ field: 'name', message: 'Too small' }]);
    expect(error.message).toBe('Some of what you entered was not accepted: name: Too small');
  });
});
