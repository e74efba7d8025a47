import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

/**
 * Every cursor-paginated list speaks the one cursor format (contracts' `cursorCodec`): a cursor
 * it handed out pages on, and anything else — tampered, malformed, another list's, an old format —
 * is `400 invalid_request` naming `cursor`, never a 5xx and never a page. Lists come from the
 * gateway's OpenAPI document (every GET with a `cursor` parameter), so a new list is covered here
 * without touching this file.
 */

jest.setTimeout(180_000);

const PASSWORD = 'latchkey-demo';
const b64 = (text: string) => Buffer.from(text).toString('base64url');
/** The lists this release has; the document may add more, never lose one. */
const KNOWN_LISTS = [
  '/admin/keys',
  '/admin/users',
  '/audit/events',
  '/v1/invoices',
  '/v1/leads',
  '/v1/projects',
  '/v1/transactions',
];

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  'x-required-scope'?: string;
}

describe('one cursor format on every list', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let owner = '';
  let starKey = '';
  let lists: { path: string; credential: () => string }[] = [];

  beforeAll(async () => {
    env = await startStack('cursors');
    api = new GatewayClient(env.gateway);
    owner = await api.login('owner@acme.example', PASSWORD);
    // Two keys at least, so the keys list has a second page; `*` reaches every route-table list.
    for (const name of ['cursor one', 'cursor two']) {
      const key = await api.call('POST', '/admin/keys', {
        token: owner,
        body: { name, scopes: ['*'], expires_in_days: 7, rate_limit: { limit: 100_000, window_seconds: 60 } },
      });
      expect({ status: key.status, body: key.body }).toMatchObject({ status: 201 });
      starKey = key.body['secret'] as string;
    }
    const document = (await (await fetch(`${env.gateway}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    lists = Object.entries(document.paths)
      .filter(([, item]) => item['get']?.parameters?.some((p) => p.in === 'query' && p.name === 'cursor'))
      .map(([path, item]) => ({
        path,
        // Route-table routes take an API key; identity's admin routes a user token.
        credential: item['get']?.['x-required-scope'] ? () => starKey : () => owner,
      }));
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('the document names a cursor on every list this release has', () => {
    expect(lists.map((l) => l.path).sort()).toEqual(expect.arrayContaining(KNOWN_LISTS));
  });

  it('each list hands out a cursor it pages on, and refuses a tampered one with 400', async () => {
    const results: Record<string, unknown> = {};
    for (const { path, credential } of lists) {
      const get = (query: string) => api.call('GET', `${path}?${query}`, { token: credential() });
      const first = await get('limit=1');
      expect({ path, status: first.status }).toEqual({ path, status: 200 });
      const cursor = first.body['next_cursor'];
      expect({ path, cursor: typeof cursor }).toEqual({ path, cursor: 'string' });
      const next = await get(`limit=1&cursor=${encodeURIComponent(String(cursor))}`);
      const [a] = first.body['data'] as { id: string }[];
      const [b] = next.body['data'] as { id: string }[];
      expect({ path, status: next.status, moved: a?.id !== b?.id }).toEqual({
        path,
        status: 200,
        moved: true,
      });

      const payload = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8')) as {
        after: unknown;
      };
      const tampered = {
        'not base64url': 'not a cursor!',
        'not JSON': b64('{after'),
        'a flipped character': String(cursor).slice(0, -2) + (String(cursor).endsWith('A') ? 'B' : 'A') + 'x',
        'an extra field': b64(JSON.stringify({ ...payload, org_id: env.orgs[1]!.org_id })),
        'a key of the wrong kind': b64(
          JSON.stringify({ after: typeof payload.after === 'number' ? 'usr_01JZ00000000000000000000AB' : 7 }),
        ),
        "another list's id": b64(
          JSON.stringify({
            after:
              path === '/admin/users' ? 'key_01JZ00000000000000000000AB' : 'usr_01JZ00000000000000000000AB',
          }),
        ),
        'the old audit format': b64('12'),
        'the old keys format': b64(JSON.stringify({ id: 'key_01JZ00000000000000000000AB' })),
        'a bare id (the old users format)': 'usr_01JZ00000000000000000000AB',
      };
      for (const [why, bad] of Object.entries(tampered)) {
        const answer = await get(`cursor=${encodeURIComponent(bad)}`);
        results[`${path}: ${why}`] = {
          status: answer.status,
          code: answer.body['code'],
          detail: String(answer.body['detail']).split(':')[0],
        };
      }
    }
    for (const [where, answer] of Object.entries(results))
      expect({ where, answer }).toEqual({
        where,
        answer: { status: 400, code: 'invalid_request', detail: 'cursor' },
      });
    expect(Object.keys(results).length).toBeGreaterThanOrEqual(KNOWN_LISTS.length * 9);
  });
});
