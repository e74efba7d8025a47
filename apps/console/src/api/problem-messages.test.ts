import { LatchkeyProblemError } from '@latchkey/sdk';
import { describe, expect, it } from 'vitest';
import { describeError, GatewayUnreachableError, problemWords } from './problem-messages';

/** A refusal as the SDK reads it from the gateway's answer. */
const problem = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  LatchkeyProblemError.fromResponse(
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/problem+json', ...headers },
    }),
  );

describe('problem words', () => {
  it('puts each code of the contract in words and keeps the request id', async () => {
    const described = describeError(
      await problem(403, {
        code: 'insufficient_scope',
        detail: 'needs keys:write',
        request_id: 'r-1',
        title: 'Insufficient scope',
        status: 403,
      }),
    );
    expect(described.message).toBe(
      'Your role does not allow this action (needs keys:write). Ask an owner or admin of your organisation.',
    );
    expect(described.requestId).toBe('r-1');
  });

  it('says how long to wait when rate limited', async () => {
    const error = await problem(429, { code: 'rate_limited', request_id: 'r-2' }, { 'retry-after': '17' });
    expect(problemWords(error)).toBe('Too many requests. Wait 17 seconds and try again.');
  });

  it('copes with an answer that is not problem+json, using the X-Request-Id header', async () => {
    const error = await problem(502, '<html>Bad gateway</html>', { 'x-request-id': 'r-3' });
    expect(error.code).toBeUndefined();
    expect(describeError(error)).toEqual({
      message: 'The request failed.',
      fieldErrors: [],
      requestId: 'r-3',
    });
  });

  it('lists the fields an invalid request names', async () => {
    const described = describeError(
      await problem(400, {
        code: 'invalid_request',
        detail: 'name: Too small',
        errors: [{ field: 'name', message: 'Too small' }],
      }),
    );
    expect(described.fieldErrors).toEqual([{ field: 'name', message: 'Too small' }]);
    expect(described.message).toBe('Some of what you entered was not accepted: name: Too small');
  });

  it('says the gateway could not be reached when no answer came', () => {
    expect(describeError(new GatewayUnreachableError()).message).toBe(
      'The Latchkey gateway could not be reached. Check your connection and try again.',
    );
  });
});
