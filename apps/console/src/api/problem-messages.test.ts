import { LatchkeyProblemError } from '@latchkey/sdk';
import { describe, expect, it } from 'vitest';
import {
  describeError,
  fieldErrorWords,
  fieldMessage,
  formFieldOf,
  GatewayUnreachableError,
  problemWords,
} from './problem-messages';

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

  it('lists the fields an invalid request names, without repeating the first in its message', async () => {
    const described = describeError(
      await problem(400, {
        code: 'invalid_request',
        detail: 'name: Too small',
        errors: [{ field: 'name', message: 'Too small' }],
      }),
    );
    expect(described.fieldErrors).toEqual([{ field: 'name', message: 'Too small' }]);
    // The detail only repeats the first field error: the message does not say it twice.
    expect(described.message).toBe('Some of what you entered was not accepted.');
  });

  it('says the gateway could not be reached when no answer came', () => {
    expect(describeError(new GatewayUnreachableError()).message).toBe(
      'The Latchkey gateway could not be reached. Check your connection and try again.',
    );
  });
});

describe('field errors in words', () => {
  const labels = { description: 'Description', name: 'Name', scopes: 'Scopes', expires_at: 'Expiry' };
  const say = (field: string, message: string) => fieldMessage({ field, message }, labelOf(field));
  const labelOf = (field: string) => labels[formFieldOf(field, labels) as keyof typeof labels] ?? field;

  it.each([
    [
      'description',
      'Too big: expected string to have <=2000 characters',
      'Description can be at most 2000 characters.',
    ],
    ['name', 'Too big: expected string to have <201 characters', 'Name can be at most 200 characters.'],
    ['name', 'Too small: expected string to have >=1 characters', 'Name is required.'],
    ['name', 'Too small: expected string to have >=3 characters', 'Name must be at least 3 characters.'],
    ['name', 'Too big: expected string to have exactly 8 characters', 'Name must be exactly 8 characters.'],
    ['scopes', 'Too small: expected array to have >=1 items', 'Scopes needs at least one item.'],
    ['scopes', 'Too big: expected array to have <=50 items', 'Scopes can have at most 50 items.'],
    ['name', 'Too big: expected number to be <=3650', 'Name can be at most 3650.'],
    ['name', 'Too small: expected number to be >0', 'Name must be more than 0.'],
    ['name', 'Too small: expected number to be >=300', 'Name must be at least 300.'],
    ['expires_at', 'Invalid ISO datetime', 'Expiry must be a valid ISO datetime.'],
    ['name', 'Invalid email address', 'Name must be a valid email address.'],
    ['name', 'Invalid URL', 'Name must be a valid URL.'],
    ['name', 'Invalid string: must start with "lk_"', 'Name must start with “lk_”.'],
    ['name', 'Invalid string: must match pattern /^[a-z]+$/', 'Name is not in the expected format.'],
    ['name', 'Invalid input: expected string, received undefined', 'Name is required.'],
    ['name', 'Invalid input: expected string, received number', 'Name must be text.'],
    ['name', 'Invalid input: expected number, received string', 'Name must be a number.'],
    ['name', 'Invalid option: expected one of "live"|"test"', 'Name must be one of: live, test.'],
    ['name', 'Invalid number: must be a multiple of 60', 'Name must be a multiple of 60.'],
    [
      'name',
      'Unrecognized key: "colour"',
      'Name has settings the API does not accept: colour. Reload the page and try again.',
    ],
    [
      'name',
      'Unrecognized keys: "a", "b"',
      'Name has settings the API does not accept: a, b. Reload the page and try again.',
    ],
    [
      'name',
      'must not contain NUL characters or unpaired surrogates',
      'Name must not contain NUL characters or unpaired surrogates.',
    ],
    ['name', 'Invalid input', 'Name is not valid.'],
    [
      'scopes.2',
      'Invalid option: expected one of "keys:read"|"keys:write"',
      'Scopes must be one of: keys:read, keys:write.',
    ],
  ])('%s: “%s” reads “%s”', (field, message, words) => {
    expect(say(field, message)).toBe(words);
  });

  it('names each refused field by its label and lists fields the form does not show', async () => {
    const error = await problem(400, {
      code: 'invalid_request',
      request_id: 'r-4',
      errors: [
        { field: 'description', message: 'Too big: expected string to have <=2000 characters' },
        { field: 'description', message: 'must not contain NUL characters or unpaired surrogates' },
        { field: 'rate_limit.per_minute', message: 'Too big: expected number to be <=100000' },
        { field: 'body', message: 'Unrecognized key: "colour"' },
      ],
    });
    expect(fieldErrorWords(error, labels)).toEqual({
      byField: { description: 'Description can be at most 2000 characters.' },
      unplaced: [
        'Rate limit per minute can be at most 100000.',
        'The request has settings the API does not accept: colour. Reload the page and try again.',
      ],
    });
  });

  it('finds no field errors in an error that is not a refusal with fields', () => {
    expect(fieldErrorWords(new Error('boom'), labels)).toEqual({ byField: {}, unplaced: [] });
  });
});
