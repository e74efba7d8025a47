import {
  apiKey,
  createLatchkeyClient,
  keyPair,
  LatchkeyProblemError,
  login,
  tokenExchange,
  unwrap,
  type LatchkeyClient,
} from '@latchkey/sdk';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

/**
 * The SDK as an integration uses it, against the whole stack through the real gateway: sign in,
 * issue a key, call with it in each credential form, walk a list page by page, read a refusal.
 */
describe('@latchkey/sdk through the gateway', () => {
  let env: RunningStack;
  let admin: LatchkeyClient;
  let key: Awaited<ReturnType<typeof issueKey>>;

  // Typed from the document: the create answer is the only one that holds the secret.
  const issueKey = (name: string, scopes: string[]) =>
    unwrap(admin.POST('/admin/keys', { body: { name, scopes, expires_in_days: 7 } }));

  beforeAll(async () => {
    env = await startStack('sdk');
    const owner = env.orgs.find((org) => org.email === 'owner@acme.example')!;
    const credentials = await login({ baseUrl: env.gateway }, owner.email, owner.password);
    admin = createLatchkeyClient({ baseUrl: env.gateway, credentials });
    key = await issueKey('sdk e2e', ['projects:read', 'leads:read']);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('signs in as the owner and creates a key whose secret is shown once', async () => {
    expect(key.secret).toMatch(/^lk_(live|test)_/);
    const read = await unwrap(admin.GET('/admin/keys/{id}', { params: { path: { id: key.id } } }));
    expect(read.id).toBe(key.id);
    expect(read.scopes).toEqual(['projects:read', 'leads:read']);
    expect(read).not.toHaveProperty('secret');
  });

  it('reads data with the key as the bearer and as a key pair, page after page', async () => {
    const all = (await unwrap(
      admin.withCredentials(apiKey(key.secret)).GET('/v1/projects', { params: { query: { limit: 100 } } }),
    )) as unknown as { data: { id: string }[] };
    expect(all.data.length).toBeGreaterThanOrEqual(3);

    const ids: string[] = [];
    const pair = admin.withCredentials(keyPair(key.public_id, key.secret));
    for await (const project of pair.paginate('/v1/projects', { query: { limit: 2 } })) {
      ids.push((project as { id: string }).id);
    }
    expect(ids).toEqual(all.data.map((p) => p.id));
  });

  it('exchanges the key for an access token once and calls with the token', async () => {
    const sent: { url: string; authorization: string | null }[] = [];
    const client = createLatchkeyClient({
      baseUrl: env.gateway,
      credentials: tokenExchange({ apiKey: key.secret }),
      fetch: (request) => {
        sent.push({
          url: new URL(request.url).pathname,
          authorization: request.headers.get('authorization'),
        });
        return fetch(request);
      },
    });
    await unwrap(client.GET('/v1/projects'));
    await unwrap(client.GET('/v1/leads', { params: { query: { limit: 1 } } }));
    expect(sent.map((s) => s.url)).toEqual(['/auth/token', '/v1/projects', '/v1/leads']);
    const [exchange, ...calls] = sent;
    expect(exchange!.authorization).toBeNull();
    // A JWS, not the key: the secret crossed the network once.
    for (const call of calls) expect(call.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(calls[0]!.authorization).toBe(calls[1]!.authorization);
  });

  it('after a regeneration, re-exchanges once on the 401 and reports the dead key as a problem', async () => {
    const doomed = await issueKey('sdk regenerated', ['projects:read']);
    const exchanges: string[] = [];
    const client = createLatchkeyClient({
      baseUrl: env.gateway,
      credentials: tokenExchange({ apiKey: doomed.secret }),
      fetch: (request) => {
        if (new URL(request.url).pathname === '/auth/token') exchanges.push(request.method);
        return fetch(request);
      },
    });
    await unwrap(client.GET('/v1/projects'));
    await unwrap(
      admin.POST('/admin/keys/{id}/rotate', {
        params: { path: { id: doomed.id } },
        body: { grace_seconds: 0 },
      }),
    );
    // The cached token died with its secret; the re-exchange with that secret is refused.
    const error = await unwrap(client.GET('/v1/projects')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LatchkeyProblemError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(exchanges).toEqual(['POST', 'POST']);
  });

  it('lists keys across pages with paginate', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await issueKey(`sdk page ${i}`, ['projects:read'])).id);
    const pages: number[] = [];
    for await (const page of admin.pages('/admin/keys', { query: { limit: 2 } }))
      pages.push(page.data.length);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const listed: string[] = [];
    for await (const item of admin.paginate('/admin/keys', { query: { limit: 2 } })) {
      listed.push(item.id); // typed: the list's items are the document's key view
    }
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(expect.arrayContaining([...made, key.id]));
    expect(listed).toHaveLength(pages.reduce((a, b) => a + b, 0));
  });

  it('a bad request is a typed problem with field errors and the request id', async () => {
    const { error, response } = await admin.POST('/admin/keys', {
      body: { name: '', scopes: ['nothing:here'], expires_in_days: 7 },
    });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ code: 'invalid_request' });
    const problem = await unwrap(
      admin.POST('/admin/keys', { body: { name: '', scopes: ['nothing:here'] } }),
    ).catch((e: unknown) => e as LatchkeyProblemError);
    expect(problem).toBeInstanceOf(LatchkeyProblemError);
    const typed = problem as LatchkeyProblemError;
    expect(typed.code).toBe('invalid_request');
    expect(typed.fieldErrors.map((f) => f.field)).toEqual(expect.arrayContaining(['name']));
    expect(typed.requestId).toMatch(/\S/);
  });

  it('a key without the scope gets insufficient_scope', async () => {
    const error = await unwrap(admin.withCredentials(apiKey(key.secret)).GET('/v1/invoices')).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 403, code: 'insufficient_scope' });
  });
});
