import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  apiKey,
  createLatchkeyClient,
  keyPair,
  LatchkeyProblemError,
  login,
  tokenExchange,
  unwrap,
  userToken,
  type LatchkeyClientOptions,
  type ProblemCode,
  SDK_VERSION,
} from './index';

/**
 * The client against a real HTTP server on loopback that scripts the gateway's answers: what is
 * retried and when, which credential goes out, how tokens are exchanged and refreshed, how lists
 * are walked and problems read.
 */

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

type Handler = (req: Seen, res: ServerResponse, count: number) => void;

let server: Server;
let baseUrl: string;
let seen: Seen[];
let handler: Handler;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, {
    'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
    ...headers,
  });
  res.end(JSON.stringify(body));
};
const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
  type: `https://latchkey.dev/problems/${code}`,
  title: code,
  status,
  code,
  request_id: 'req_1',
  ...extra,
});
const KEY = { id: 'key_1', name: 'k' };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const entry = { method: req.method!, url: req.url!, headers: req.headers, body, at: Date.now() };
      seen.push(entry);
      handler(entry, res, seen.filter((s) => s.url === entry.url && s.method === entry.method).length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  handler = (_req, res) => json(res, 200, KEY);
});

const client = (options: Partial<LatchkeyClientOptions> = {}) =>
  createLatchkeyClient({
    baseUrl,
    credentials: apiKey('lk_live_secret'),
    retry: { baseDelayMs: 5, maxAttempts: 3 },
    ...options,
  });
const getKey = (c = client()) => c.GET('/admin/keys/{id}', { params: { path: { id: 'key_1' } } });

describe('credentials', () => {
  it('sends an API key as the bearer, and the User-Agent', async () => {
    await unwrap(getKey());
    expect(seen[0]!.url).toBe('/admin/keys/key_1');
    expect(seen[0]!.headers['authorization']).toBe('Bearer lk_live_secret');
    expect(seen[0]!.headers['user-agent']).toMatch(/^latchkey-sdk\//);
  });

  it('sends a key pair as the public id bearer and X-Secret-Key', async () => {
    await unwrap(getKey(client({ credentials: keyPair('lk_pub_1', 'lk_live_secret'), userAgent: 'me/1' })));
    expect(seen[0]!.headers['authorization']).toBe('Bearer lk_pub_1');
    expect(seen[0]!.headers['x-secret-key']).toBe('lk_live_secret');
    expect(seen[0]!.headers['user-agent']).toBe('me/1');
  });

  it('asks a user token provider on every call', async () => {
    let n = 0;
    const c = client({ credentials: userToken(async () => `user_${++n}`) });
    await unwrap(getKey(c));
    await unwrap(getKey(c));
    expect(seen.map((s) => s.headers['authorization'])).toEqual(['Bearer user_1', 'Bearer user_2']);
  });

  it('after a 401, repeats the call once if the user token provider gives another token', async () => {
    handler = (req, res) =>
      req.headers['authorization'] === 'Bearer fresh'
        ? json(res, 200, KEY)
        : json(res, 401, problem(401, 'invalid_token'));
    let current = 'stale';
    const c = client({
      credentials: userToken(() => {
        const token = current;
        current = 'fresh'; // as if the provider signed in again after the refusal
        return token;
      }),
    });
    await expect(unwrap(getKey(c))).resolves.toEqual(KEY);
    expect(seen.map((s) => s.headers['authorization'])).toEqual(['Bearer stale', 'Bearer fresh']);
    seen = [];
    const fixed = client({ credentials: userToken(() => 'stale') });
    await expect(unwrap(getKey(fixed))).rejects.toMatchObject({ code: 'invalid_token' });
    expect(seen).toHaveLength(1);
  });

  it('signs in with login() and uses the user token', async () => {
    handler = (req, res) =>
      req.url === '/auth/login'
        ? json(res, 200, { access_token: 'usr_tok', token_type: 'Bearer', expires_in: 43200 })
        : json(res, 200, KEY);
    const credentials = await login({ baseUrl }, 'owner@acme.example', 'pw');
    expect(credentials.expiresIn).toBe(43200);
    await unwrap(getKey(client({ credentials })));
    expect(JSON.parse(seen[0]!.body)).toEqual({ email: 'owner@acme.example', password: 'pw' });
    expect(seen[0]!.headers['authorization']).toBeUndefined();
    expect(seen[1]!.headers['authorization']).toBe('Bearer usr_tok');
  });

  it('a failed sign-in is a typed problem', async () => {
    handler = (_req, res) => json(res, 401, problem(401, 'invalid_credentials'));
    const error = await login({ baseUrl }, 'a@b.example', 'bad').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LatchkeyProblemError);
    expect((error as LatchkeyProblemError).code).toBe('invalid_credentials');
  });
});

describe('token exchange', () => {
  /** /auth/token issues tok_1, tok_2, …; other routes accept only `valid` tokens. */
  const tokenServer = (valid: (token: string) => boolean, expiresIn = 900) => {
    let issued = 0;
    handler = (req, res) => {
      if (req.url === '/auth/token') {
        return json(res, 200, {
          access_token: `tok_${++issued}`,
          token_type: 'Bearer',
          expires_in: expiresIn,
        });
      }
      const token = String(req.headers['authorization']).replace('Bearer ', '');
      return valid(token) ? json(res, 200, KEY) : json(res, 401, problem(401, 'invalid_token'));
    };
  };
  const exchanges = () => seen.filter((s) => s.url === '/auth/token');

  it('exchanges the key once, then sends the access token (the key pair form too)', async () => {
    tokenServer(() => true);
    const c = client({ credentials: tokenExchange({ publicId: 'lk_pub_1', secret: 'lk_live_s' }) });
    await unwrap(getKey(c));
    await unwrap(getKey(c));
    expect(exchanges()).toHaveLength(1);
    expect(JSON.parse(exchanges()[0]!.body)).toEqual({ public_id: 'lk_pub_1', secret: 'lk_live_s' });
    expect(exchanges()[0]!.headers['authorization']).toBeUndefined();
    expect(seen.filter((s) => s.url !== '/auth/token').map((s) => s.headers['authorization'])).toEqual([
      'Bearer tok_1',
      'Bearer tok_1',
    ]);
  });

  it('concurrent calls share one exchange (single flight)', async () => {
    tokenServer(() => true);
    const c = client({ credentials: tokenExchange({ apiKey: 'lk_live_s' }) });
    await Promise.all(Array.from({ length: 5 }, () => unwrap(getKey(c))));
    expect(exchanges()).toHaveLength(1);
    expect(JSON.parse(exchanges()[0]!.body)).toEqual({ api_key: 'lk_live_s' });
  });

  it('refreshes shortly before expires_in ends, not before', async () => {
    tokenServer(() => true, 900);
    let now = 1_000_000;
    const c = client({ credentials: tokenExchange({ apiKey: 'lk_live_s' }), now: () => now });
    await unwrap(getKey(c));
    now += (900 - 31) * 1000; // 31 s before the end: still good (margin 30 s)
    await unwrap(getKey(c));
    expect(exchanges()).toHaveLength(1);
    now += 2000; // 29 s before the end: refreshed
    await unwrap(getKey(c));
    expect(exchanges()).toHaveLength(2);
    expect(seen.at(-1)!.headers['authorization']).toBe('Bearer tok_2');
  });

  it('re-exchanges once on a 401 and repeats the call', async () => {
    tokenServer((token) => token !== 'tok_1'); // tok_1 ended early (its key was rotated)
    const c = client({ credentials: tokenExchange({ apiKey: 'lk_live_s' }) });
    const key = await unwrap(getKey(c));
    expect(key).toEqual(KEY);
    expect(exchanges()).toHaveLength(2);
    expect(seen.filter((s) => s.url !== '/auth/token').map((s) => s.headers['authorization'])).toEqual([
      'Bearer tok_1',
      'Bearer tok_2',
    ]);
  });

  it('re-exchanges only once: a second 401 is the answer', async () => {
    tokenServer(() => false);
    const c = client({ credentials: tokenExchange({ apiKey: 'lk_live_s' }) });
    const error = await unwrap(getKey(c)).catch((e: unknown) => e as LatchkeyProblemError);
    expect(error).toBeInstanceOf(LatchkeyProblemError);
    expect((error as LatchkeyProblemError).code).toBe('invalid_token');
    expect(exchanges()).toHaveLength(2);
    expect(seen.filter((s) => s.url !== '/auth/token')).toHaveLength(2);
  });

  it('a key that does not exchange rejects the call with its problem', async () => {
    handler = (_req, res) => json(res, 401, problem(401, 'invalid_api_key'));
    const c = client({ credentials: tokenExchange({ apiKey: 'lk_live_bad' }) });
    await expect(getKey(c)).rejects.toMatchObject({ name: 'LatchkeyProblemError', code: 'invalid_api_key' });
    expect(seen.map((s) => s.url)).toEqual(['/auth/token']);
  });
});

describe('retries', () => {
  it('waits out Retry-After (seconds) on a 429, for a POST too', async () => {
    handler = (_req, res, count) =>
      count === 1
        ? json(res, 429, problem(429, 'rate_limited'), { 'retry-after': '1' })
        : json(res, 201, { id: 'prj_1' });
    const { data, response } = await client().POST('/v1/projects', { body: { name: 'p' } as never });
    expect(response.status).toBe(201);
    expect(data).toEqual({ id: 'prj_1' });
    expect(seen.map((s) => s.method)).toEqual(['POST', 'POST']);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
    expect(JSON.parse(seen[1]!.body)).toEqual({ name: 'p' });
  });

  it('waits out Retry-After as an HTTP date on a 503', async () => {
    handler = (_req, res, count) =>
      count === 1
        ? json(res, 503, problem(503, 'upstream_unavailable'), {
            'retry-after': new Date(Date.now() + 2000).toUTCString(),
          })
        : json(res, 200, KEY);
    const started = Date.now();
    await unwrap(
      client().POST('/admin/keys/{id}/revoke', { params: { path: { id: 'k' } }, body: { reason: 'r' } }),
    );
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('does not wait a Retry-After longer than maxDelayMs: the 429 is the answer', async () => {
    handler = (_req, res) => json(res, 429, problem(429, 'rate_limited'), { 'retry-after': '60' });
    const error = await unwrap(getKey(client({ retry: { maxDelayMs: 1000 } }))).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 60 });
    expect(seen).toHaveLength(1);
  });

  it.each([502, 503, 504])('retries a GET after %i with backoff, up to maxAttempts', async (status) => {
    handler = (_req, res) => json(res, status, problem(status, 'upstream_unavailable'));
    const { response } = await getKey(client({ retry: { maxAttempts: 4, baseDelayMs: 5 } }));
    expect(response.status).toBe(status);
    expect(seen).toHaveLength(4);
  });

  it.each([502, 503, 504])(
    'never repeats a POST after %i without Retry-After (it may have acted)',
    async (status) => {
      handler = (_req, res) => json(res, status, problem(status, 'upstream_unavailable'));
      const { response } = await client().POST('/admin/keys/{id}/revoke', {
        params: { path: { id: 'k' } },
        body: { reason: 'r' },
      });
      expect(response.status).toBe(status);
      expect(seen).toHaveLength(1);
    },
  );

  it('retries a DELETE after a 502, then succeeds', async () => {
    handler = (_req, res, count) =>
      count < 3 ? json(res, 502, problem(502, 'upstream_unavailable')) : json(res, 200, KEY);
    const { response } = await client().DELETE('/admin/keys/{id}', { params: { path: { id: 'k' } } });
    expect(response.status).toBe(200);
    expect(seen.map((s) => s.method)).toEqual(['DELETE', 'DELETE', 'DELETE']);
  });

  it('retries a GET after a dropped connection, not a POST', async () => {
    handler = (req, res, count) => (count === 1 ? req && res.socket!.destroy() : json(res, 200, KEY));
    await expect(unwrap(getKey())).resolves.toEqual(KEY);
    expect(seen).toHaveLength(2);
    seen = [];
    await expect(
      client().POST('/admin/keys/{id}/revoke', { params: { path: { id: 'x' } }, body: { reason: 'r' } }),
    ).rejects.toThrow();
    expect(seen).toHaveLength(1);
  });

  it('maxAttempts 1 never retries', async () => {
    handler = (_req, res) => json(res, 503, problem(503, 'upstream_unavailable'));
    await getKey(client({ retry: { maxAttempts: 1 } }));
    expect(seen).toHaveLength(1);
  });

  it('an abort ends the wait for a Retry-After at once', async () => {
    handler = (_req, res) => json(res, 429, problem(429, 'rate_limited'), { 'retry-after': '20' });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('stop')), 100);
    await expect(
      client().GET('/admin/keys/{id}', { params: { path: { id: 'k' } }, signal: controller.signal }),
    ).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(seen).toHaveLength(1);
  });
});

describe('problems', () => {
  it('unwrap throws the problem with its code, title, detail, request id and field errors', async () => {
    handler = (_req, res) =>
      json(
        res,
        400,
        problem(400, 'invalid_request', {
          title: 'Invalid request',
          detail: 'name: Too small',
          errors: [
            { field: 'name', message: 'Too small' },
            { field: 'scopes', message: 'Required' },
          ],
        }),
      );
    const error = (await unwrap(client().POST('/admin/keys', { body: {} as never })).catch(
      (e: unknown) => e,
    )) as LatchkeyProblemError;
    expect(error).toBeInstanceOf(LatchkeyProblemError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_request',
      title: 'Invalid request',
      detail: 'name: Too small',
      requestId: 'req_1',
      message: 'Invalid request: name: Too small',
    });
    expect(error.fieldErrors).toEqual([
      { field: 'name', message: 'Too small' },
      { field: 'scopes', message: 'Required' },
    ]);
  });

  it('an answer that is not a problem keeps its status, without a code', async () => {
    handler = (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html', 'x-request-id': 'req_html' });
      res.end('<h1>not here</h1>');
    };
    const error = (await unwrap(getKey(client({ retry: { maxAttempts: 1 } }))).catch(
      (e: unknown) => e,
    )) as LatchkeyProblemError;
    expect(error).toMatchObject({ status: 404, code: undefined, title: 'HTTP 404', requestId: 'req_html' });
  });
});

describe('pagination', () => {
  const PAGES: Record<string, { data: { id: string }[]; next_cursor: string | null }> = {
    '': { data: [{ id: 'a' }, { id: 'b' }], next_cursor: 'c1' },
    c1: { data: [{ id: 'c' }, { id: 'd' }], next_cursor: 'c2' },
    c2: { data: [{ id: 'e' }], next_cursor: null },
  };
  beforeEach(() => {
    handler = (req, res) => {
      const cursor = new URL(req.url, baseUrl).searchParams.get('cursor') ?? '';
      const page = PAGES[cursor];
      return page ? json(res, 200, page) : json(res, 400, problem(400, 'invalid_request'));
    };
  });

  it('walks every item across three pages, keeping the filters', async () => {
    const ids: string[] = [];
    for await (const key of client().paginate('/admin/keys', { query: { status: 'active', limit: 2 } })) {
      ids.push((key as { id: string }).id);
    }
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    const queries = seen.map((s) => Object.fromEntries(new URL(s.url, baseUrl).searchParams));
    expect(queries).toEqual([
      { status: 'active', limit: '2' },
      { status: 'active', limit: '2', cursor: 'c1' },
      { status: 'active', limit: '2', cursor: 'c2' },
    ]);
  });

  it('pages() yields each page with its cursor; breaking out fetches no more', async () => {
    const cursors: (string | null)[] = [];
    for await (const page of client().pages('/v1/projects')) cursors.push(page.next_cursor);
    expect(cursors).toEqual(['c1', 'c2', null]);
    seen = [];
    for await (const page of client().pages('/v1/projects', { cursor: 'c1' })) {
      expect(page.data).toEqual([{ id: 'c' }, { id: 'd' }]);
      break;
    }
    expect(seen).toHaveLength(1);
  });

  it('a refused page is thrown as its problem', async () => {
    const walk = async () => {
      for await (const _ of client().paginate('/admin/keys', { cursor: 'nonsense' })) void _;
    };
    await expect(walk()).rejects.toMatchObject({ code: 'invalid_request', status: 400 });
  });

  it('a cursor that repeats stops the walk rather than looping', async () => {
    handler = (_req, res) => json(res, 200, { data: [{ id: 'x' }], next_cursor: 'same' });
    const walk = async () => {
      for await (const _ of client().paginate('/v1/leads')) void _;
    };
    await expect(walk()).rejects.toThrow(/repeats/);
    expect(seen).toHaveLength(2);
  });
});

describe('types', () => {
  it('paths, parameters and bodies are checked at compile time', () => {
    const c = client();
    const typed = () => {
      // @ts-expect-error: the path parameter is required
      void c.GET('/admin/keys/{id}');
      // @ts-expect-error: not a path of the API
      void c.GET('/admin/nothing');
      // @ts-expect-error: a read is not a paginated list
      void c.paginate('/admin/keys/{id}');
      // @ts-expect-error: a filter the list does not take
      void c.paginate('/admin/keys', { query: { colour: 'red' } });
      void (async () => {
        for await (const key of c.paginate('/admin/keys', { query: { status: 'expiring_soon' } })) {
          // Items are typed as the document declares the page's data.
          const status: 'active' | 'revoked' | 'expired' | 'dormant' = key.status;
          // @ts-expect-error: a key view holds no secret
          void key.secret;
          return status;
        }
      })();
      void c.GET('/admin/keys/{id}', { params: { path: { id: 'k' } } }).then(({ error }) => {
        // A refusal is typed as the document's Problem: its code is the contract's.
        const code: ProblemCode | undefined = error?.code;
        // @ts-expect-error: not a code of the contract
        const wrong: 'no_such_code' | undefined = error?.code;
        return [code, wrong];
      });
    };
    expect(typeof typed).toBe('function');
  });
});

it('SDK_VERSION (in the default User-Agent) is the package version', () => {
  const { version } = JSON.parse(readFileSync(`${__dirname}/../package.json`, 'utf8')) as { version: string };
  expect(SDK_VERSION).toBe(version);
});

describe('baseUrl', () => {
  it('takes a trailing slash and a path prefix', async () => {
    await unwrap(getKey(client({ baseUrl: `${baseUrl}/` })));
    await unwrap(getKey(client({ baseUrl: `${baseUrl}/api/` })));
    expect(seen.map((s) => s.url)).toEqual(['/admin/keys/key_1', '/api/admin/keys/key_1']);
  });

  it("in a page, resolves a relative address against the page's", async () => {
    const page = globalThis as { location?: { href: string } };
    page.location = { href: `${baseUrl}/console/keys` };
    try {
      await unwrap(getKey(client({ baseUrl: '/' })));
    } finally {
      delete page.location;
    }
    expect(seen.map((s) => s.url)).toEqual(['/admin/keys/key_1']);
  });

  it('refuses a relative address outside a page, naming the option', () => {
    expect(() => client({ baseUrl: '/' })).toThrow(/baseUrl/);
  });
});
