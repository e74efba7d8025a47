import { DocumentedResponses } from './documented-responses';

/** The checker every e2e answer goes through (validate-answers.ts) must itself refuse what it should. */
describe('the documented-answer check', () => {
  const documented = new DocumentedResponses();
  const json = 'application/json; charset=utf-8';
  const problem = 'application/problem+json';
  const problemBody = JSON.stringify({
    type: 'about:blank',
    title: 'Not found',
    status: 404,
    code: 'not_found',
  });

  it('passes a documented answer with a body that matches its schema', () => {
    const result = documented.check(
      'GET',
      '/admin/keys/key_00000000000000000000000000',
      404,
      problem,
      problemBody,
    );
    expect(result).toEqual({ operation: 'GET /admin/keys/{id}', problems: [] });
  });

  it('refuses a status the operation does not document', () => {
    const { problems } = documented.check('GET', '/admin/keys', 418, problem, problemBody);
    expect(problems.join()).toMatch(/answered 418, which it does not document/);
  });

  it('refuses a body that does not match the schema, naming where', () => {
    const { problems } = documented.check(
      'GET',
      '/admin/keys',
      200,
      json,
      JSON.stringify({ data: [{ id: 7 }] }),
    );
    expect(problems.join()).toMatch(/body does not match its schema: \/data\/0/);
  });

  it('refuses a media type the status does not document, and a body on a 204', () => {
    expect(documented.check('GET', '/admin/keys', 200, 'text/html', '<p>').problems.join()).toMatch(
      /answered text\/html/,
    );
    expect(
      documented
        .check('DELETE', '/admin/keys/key_00000000000000000000000000', 204, null, 'x')
        .problems.join(),
    ).toMatch(/documents no body but sent one/);
  });

  it('prefers a literal path over a parameter (/audit/events/export is not /audit/events/{id})', () => {
    expect(documented.operationOf('GET', '/audit/events/export')?.key).toBe('GET /audit/events/export');
    expect(documented.operationOf('GET', '/nowhere')).toBeUndefined();
  });
});
