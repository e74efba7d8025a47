import fc from 'fast-check';
import { Client } from 'pg';
import { Pool, request as undiciRequest } from 'undici';
import { MAX_URL_LENGTH } from '@latchkey/contracts';
import { API_ROUTES, GRANTABLE_SCOPES } from '@latchkey/api-routes';
import type { ServiceName } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import {
  hostileBody,
  hostileHeader,
  hostilePathSegment,
  hostileQuery,
  type Dictionary,
  type HostileBody,
  type JsonSchema,
  type OpenApiParameter,
} from './hostile-input';
import { startStack, type RunningStack } from './stack-fixture';

/**
 * Generated hostile input against every route the product documents, through the gateway, with a
 * credential that reaches the handler: no answer is a 5xx, every refusal is problem+json with a
 * `code`, and a refused request writes nothing. Routes come from the gateway's OpenAPI document
 * (identity's routes, and the route table's with their services' request shapes), so a new route
 * is fuzzed without touching this file.
 *
 * Deterministic (fixed seed, bounded runs per route). For a deeper run:
 * `FUZZ_RUNS=500 FUZZ_SEED=<n> npx jest e2e/bad-input`.
 */

jest.setTimeout(300_000);

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_261_203);
/** Generated requests per write route; reads (query and path parameters only) get half. */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 24);
const PASSWORD = 'latchkey-demo';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: Record<string, unknown>[];
  'x-required-scope'?: string;
}

interface Operation {
  method: Uppercase<(typeof METHODS)[number]>;
  /** OpenAPI path, `{name}` for parameters. */
  path: string;
  parameters: OpenApiParameter[];
  body: JsonSchema | undefined;
  /** What reaches the handler: an API key with `*` for route-table routes, the owner's token for identity's. */
  credential: 'key' | 'user' | 'none';
}

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

interface Failure {
  route: string;
  why: string;
  request: string;
  status: number;
  answer: string;
}

const clip = (text: string, max = 240) =>
  text.length > max ? `${text.slice(0, max)}…(${text.length})` : text;

function operationsOf(document: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const credential = op['x-required-scope']
        ? 'key'
        : (op.security ?? []).some((s) => 'userToken' in s)
          ? 'user'
          : 'none';
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
        credential,
      });
    }
  }
  return operations;
}

/** A stable number per route, so each route has its own sequence under one seed. */
function routeSeed(route: string): number {
  let hash = SEED | 0;
  for (const char of route) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

describe('every bad input is a 4xx problem, never a 500', () => {
  let env: RunningStack;
  let http: Pool;
  let db: Client;
  let ownerToken = '';
  let starKey = '';
  let operations: Operation[] = [];
  /** Ids that exist in the caller's organisation, by the collection segment before a path parameter. */
  const pools = new Map<string, string[]>();
  let dictionary: Dictionary = { ids: [], words: {} };
  let fingerprintSql = '';

  async function send(request: Sent): Promise<Answer> {
    const response = await http.request({
      method: request.method as never,
      path: request.path,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    const contentType = String(response.headers['content-type'] ?? '');
    // A live tail never ends: its status line and headers are the answer.
    if (contentType.startsWith('text/event-stream')) {
      response.body.on('error', () => undefined).destroy();
      return { status: response.statusCode, contentType, text: '' };
    }
    return { status: response.statusCode, contentType, text: await response.body.text() };
  }

  function credentialHeaders(credential: Operation['credential']): Record<string, string> {
    const headers: Record<string, string> = { 'x-forwarded-for': GatewayClient.randomIp() };
    if (credential === 'key') headers['authorization'] = `Bearer ${starKey}`;
    if (credential === 'user') headers['authorization'] = `Bearer ${ownerToken}`;
    return headers;
  }

  /** Row counts of every table identity and the data API write (their outboxes included). */
  const USAGE_TABLES = new Set(['key_exercised_routes', 'key_source_addresses', 'key_request_minutes']);

  async function fingerprint(): Promise<Record<string, string>> {
    const { rows } = await db.query<Record<string, string>>(fingerprintSql);
    return rows[0] ?? {};
  }

  /**
   * What a table's fingerprint counts. Identity's periodic `token.issued` flush runs on its own
   * clock (it deletes ended issuance windows and writes their events), so it may land inside any
   * request: its events are left out of the outbox's count, and issuance is counted as the tokens
   * issued (a flush only lowers it; a refused request that issued a token would raise it).
   */
  function countOf(schema: string, table: string): string {
    const from = `"${schema}"."${table}"`;
    // What identity learns from `key.used` (addresses, routes, per-minute peaks for least privilege
    // and blast-radius filters) arrives when a gateway flushes usage, on its own clock, from
    // requests made earlier: never from a refused one, and not attributable to the request at hand.
    if (schema === 'identity' && USAGE_TABLES.has(table)) return 'select 0';
    if (table === 'outbox') return `select count(*) from ${from} where subject not like '%.token.issued'`;
    if (schema === 'identity' && table === 'token_issuance')
      return `select coalesce(sum("count"), 0) from ${from}`;
    return `select count(*) from ${from}`;
  }

  /** The tables whose counts differ, as `table before→after` (issuance only when it grew). */
  function changes(before: Record<string, string>, after: Record<string, string>): string[] {
    return Object.keys(after)
      .filter((table) =>
        table === 'identity.token_issuance'
          ? Number(after[table]) > Number(before[table])
          : before[table] !== after[table],
      )
      .map((table) => `${table} ${before[table]}→${after[table]}`);
  }

  beforeAll(async () => {
    env = await startStack('bad-input', { gateway: { TRUSTED_PROXIES: '127.0.0.1' } });
    http = new Pool(env.gateway, { connections: 4 });
    db = new Client({ connectionString: env.db.url });
    await db.connect();
    const api = new GatewayClient(env.gateway);
    ownerToken = await api.login('owner@acme.example', PASSWORD);
    const created = await api.call('POST', '/admin/keys', {
      token: ownerToken,
      body: { name: 'fuzz', scopes: ['*'], rate_limit: { limit: 1_000_000, window_seconds: 60 } },
    });
    starKey = created.body['secret'] as string;
    const own = new Set([created.body['id'] as string]);

    // Rows for the fuzz to aim at (besides the seeded ones), so that the credentials above survive it.
    for (let i = 0; i < 2; i++) {
      await api.call('POST', '/admin/keys', {
        token: ownerToken,
        body: { name: `target ${i}`, scopes: ['projects:read'], expires_in_days: 30 },
      });
      await api.call('POST', '/admin/users', {
        token: ownerToken,
        body: {
          email: `target${i}@acme.example`,
          name: `Target ${i}`,
          role: 'member',
          password: 'x'.repeat(16),
        },
      });
      await api.call('POST', '/admin/webhooks', { token: ownerToken, body: { name: `target ${i}` } });
    }

    const document = (await (await fetch(`${env.gateway}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    operations = operationsOf(document);

    // Every collection a credential can list gives ids for the parameters of the routes under it.
    for (const op of operations) {
      if (op.method !== 'GET' || op.path.includes('{') || op.credential === 'none') continue;
      const answer = await send({ method: 'GET', path: op.path, headers: credentialHeaders(op.credential) });
      if (answer.status !== 200 || !answer.contentType.startsWith('application/json')) continue;
      const data = (JSON.parse(answer.text) as { data?: unknown }).data;
      if (!Array.isArray(data)) continue;
      const ids = data
        .map((row) => (row as { id?: unknown; email?: unknown }).id)
        .filter((id): id is string => typeof id === 'string');
      const segment = op.path.split('/').pop() as string;
      pools.set(segment, [...(pools.get(segment) ?? []), ...ids]);
    }
    const users = await api.call('GET', '/admin/users?limit=100', { token: ownerToken });
    for (const user of users.body['data'] as { id: string; email: string }[]) {
      if (user.email === 'owner@acme.example') own.add(user.id);
    }
    for (const [segment, ids] of pools)
      pools.set(
        segment,
        ids.filter((id) => !own.has(id)),
      );
    const ids = [...pools.values()].flat();
    const projects = pools.get('projects') ?? [];
    dictionary = {
      ids,
      words: {
        scope: ['*', ...GRANTABLE_SCOPES, ...projects.slice(0, 2).map((id) => `projects:read@${id}`)],
        ip: ['203.0.113.0/24', '198.51.100.7', '2001:db8::/32'],
        path: ['/v1/projects/*', '/v1/webhooks/*'],
        currency: ['EUR', 'USD', 'JPY'],
      },
    };

    const { rows: tables } = await db.query<{ table_schema: string; table_name: string }>(
      `select table_schema, table_name from information_schema.tables
       where table_schema in ('identity', 'data') and table_type = 'BASE TABLE' order by 1, 2`,
    );
    fingerprintSql = `select ${tables.map((t) => `(${countOf(t.table_schema, t.table_name)}) as "${t.table_schema}.${t.table_name}"`).join(', ')}`;
  });

  afterAll(async () => {
    await http?.close();
    await db?.end();
    await env?.teardown();
  });

  it('the product document lists every route of the route table, each write with its request body', () => {
    const documented = new Set(operations.map((op) => `${op.method} ${op.path}`));
    for (const route of API_ROUTES) {
      const key = `${route.method} ${route.path.replace(/:([a-z_]+)/g, '{$1}')}`;
      expect({ route: key, documented: documented.has(key) }).toEqual({ route: key, documented: true });
    }
    const writesWithoutBody = operations
      .filter((op) => (op.method === 'POST' || op.method === 'PATCH' || op.method === 'PUT') && !op.body)
      .map((op) => `${op.method} ${op.path}`);
    // Only routes that take no body at all (a bare action on a resource).
    expect(
      writesWithoutBody.every((route) => /\/(regenerate|revoke|rotate-secret|redeliver|enable)$/.test(route)),
    ).toBe(true);
  });

  it('no generated request gets a 5xx, an error that is not problem+json with a code, or a write when refused', async () => {
    const failures: Failure[] = [];
    const reached = new Map<string, Map<number, number>>();
    for (const op of operations) {
      const route = `${op.method} ${op.path}`;
      const segments = op.path.split('/');
      const pathArb = fc
        .tuple(
          ...segments.map((segment, i) =>
            segment.startsWith('{')
              ? hostilePathSegment(pools.get(segments[i - 1] ?? '') ?? [])
              : fc.constant(segment),
          ),
        )
        .map((parts) => parts.join('/'));
      const headerParams = op.parameters.filter((p) => p.in === 'header');
      const isWrite = op.method !== 'GET';
      const requestArb = fc.record({
        path: pathArb,
        query: hostileQuery(op.parameters, dictionary),
        headers: fc.tuple(
          ...headerParams.map((p) => fc.option(hostileHeader(p.schema, dictionary), { nil: undefined })),
        ),
        body:
          isWrite && op.method !== 'DELETE' ? hostileBody(op.body, dictionary) : fc.constant<HostileBody>({}),
      });
      const samples = fc.sample(requestArb, {
        seed: routeSeed(route),
        numRuns: isWrite ? RUNS : Math.ceil(RUNS / 2),
      });
      const statuses = new Map<number, number>();
      reached.set(route, statuses);
      for (const sample of samples) {
        const headers = credentialHeaders(op.credential);
        headerParams.forEach((p, i) => {
          const value = sample.headers[i];
          if (value !== undefined) headers[p.name.toLowerCase()] = value;
        });
        if (sample.body.contentType !== undefined) headers['content-type'] = sample.body.contentType;
        const request: Sent = {
          method: op.method,
          path: sample.query ? `${sample.path}?${sample.query}` : sample.path,
          headers,
          ...(sample.body.body !== undefined ? { body: sample.body.body } : {}),
        };
        const before = await fingerprint();
        let answer: Answer;
        try {
          answer = await send(request);
        } catch (error) {
          answer = { status: 599, contentType: '', text: `connection error: ${String(error)}` };
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const fail = (why: string) =>
          failures.push({
            route,
            why,
            request: clip(
              `${request.method} ${request.path} [${request.headers['content-type'] ?? '-'}] ${request.body ?? ''}`,
            ),
            status: answer.status,
            answer: clip(`${answer.contentType} ${answer.text}`),
          });
        if (answer.status >= 500) {
          fail('5xx');
          continue;
        }
        if (answer.status < 400) continue;
        let code: unknown;
        try {
          code = (JSON.parse(answer.text) as { code?: unknown }).code;
        } catch {
          code = undefined;
        }
        if (!answer.contentType.startsWith('application/problem+json') || typeof code !== 'string') {
          fail('not problem+json with a code');
        }
        const written = changes(before, await fingerprint());
        if (written.length > 0) fail(`refused but wrote: ${written.join(', ')}`);
      }
    }
    if (process.env['FUZZ_VERBOSE']) {
      for (const [route, statuses] of reached) console.log(route, Object.fromEntries(statuses));
    }
    expect(failures).toEqual([]);
    // The credentials and ids reached the handlers: every route answered something besides refusals
    // of the credential or the route itself.
    const unreached = [...reached]
      .filter(([, statuses]) => [...statuses.keys()].every((s) => [401, 403, 404, 405].includes(s)))
      .map(([route, statuses]) => `${route} ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(unreached).toEqual([]);
  });
  /** A concrete path for an OpenAPI path: each parameter an id that exists (or a placeholder). */
  function concretePath(path: string): string {
    const segments = path.split('/');
    return segments
      .map((segment, i) =>
        segment.startsWith('{') ? (pools.get(segments[i - 1] ?? '')?.[0] ?? 'x') : segment,
      )
      .join('/');
  }

  /** Raw request to any of the stack's processes, the path sent as written. */
  async function raw(
    base: string,
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: string,
  ): Promise<Answer & { headers: Record<string, string | string[] | undefined> }> {
    const response = await undiciRequest(`${base}${path}`, {
      method: method as never,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const contentType = String(response.headers['content-type'] ?? '');
    if (contentType.startsWith('text/event-stream')) {
      response.body.on('error', () => undefined).destroy();
      return { status: response.statusCode, contentType, text: '', headers: response.headers };
    }
    return {
      status: response.statusCode,
      contentType,
      text: await response.body.text(),
      headers: response.headers,
    };
  }

  const codeOf = (answer: Answer) => {
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    return (JSON.parse(answer.text) as { code?: unknown }).code;
  };

  it('HEAD is answered wherever GET is: authorized like GET, the same status and type, no body', async () => {
    const gets = operations.filter((op) => op.method === 'GET');
    expect(gets.length).toBeGreaterThan(10);
    for (const op of gets) {
      const path = concretePath(op.path);
      const headers = credentialHeaders(op.credential);
      const get = await send({ method: 'GET', path, headers });
      const head = await send({ method: 'HEAD', path, headers });
      expect({
        route: op.path,
        status: head.status,
        type: head.contentType.split(';')[0],
        body: head.text,
      }).toEqual({
        route: op.path,
        status: get.status,
        type: get.contentType.split(';')[0],
        body: '',
      });
    }
    // Authorized like GET: no credential is 401, a key without the route's scope is 403.
    const api = new GatewayClient(env.gateway);
    const leadsOnly = await api.call('POST', '/admin/keys', {
      token: ownerToken,
      body: { name: 'leads only', scopes: ['leads:read'], expires_in_days: 7 },
    });
    const withKey = (secret: string) => ({ ...credentialHeaders('none'), authorization: `Bearer ${secret}` });
    expect(
      (await send({ method: 'HEAD', path: '/v1/projects', headers: credentialHeaders('none') })).status,
    ).toBe(401);
    expect(
      (
        await send({
          method: 'HEAD',
          path: '/v1/projects',
          headers: withKey(leadsOnly.body['secret'] as string),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await send({
          method: 'HEAD',
          path: '/v1/leads',
          headers: withKey(leadsOnly.body['secret'] as string),
        })
      ).status,
    ).toBe(200);
  });

  it('a known path with a method it does not serve is 405, with Allow listing the methods it does serve', async () => {
    const byPath = new Map<string, Operation[]>();
    for (const op of operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
    // A literal path can also match a route with a parameter (`/admin/keys/lookup` is
    // `/admin/keys/{id}` too): the methods served there are every route's that matches it.
    const matches = (pattern: string, concrete: string) =>
      new RegExp(`^${pattern.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(concrete);
    for (const [path, ops] of byPath) {
      const concrete = concretePath(path);
      const served = new Set<string>(
        operations.filter((op) => matches(op.path, concrete)).map((op) => op.method),
      );
      if (served.has('GET')) served.add('HEAD');
      const wrong = ['DELETE', 'PUT', 'PATCH', 'POST', 'GET'].find((m) => !served.has(m));
      if (wrong === undefined) continue;
      const answer = await raw(env.gateway, wrong, concrete, credentialHeaders(ops[0]!.credential));
      const allow = String(answer.headers['allow'] ?? '');
      expect({
        path,
        wrong,
        status: answer.status,
        code: codeOf(answer),
        allow: allow.split(', ').sort(),
      }).toEqual({
        path,
        wrong,
        status: 405,
        code: 'method_not_allowed',
        allow: [...served].sort(),
      });
    }
  });

  it('every service answers headers too large (431) and a URI too long (414) with problem+json', async () => {
    const services: ServiceName[] = ['gateway', 'identity', 'data-api', 'audit'];
    for (const service of services) {
      const base = env.stack.url(service);
      const big = await raw(base, 'GET', '/v1/projects', { 'x-padding': 'a'.repeat(20_000) });
      expect({ service, status: big.status, code: codeOf(big) }).toEqual({
        service,
        status: 431,
        code: 'headers_too_large',
      });
      // Past Node's header limit, and past MAX_URL_LENGTH well within it.
      for (const length of [20_000, MAX_URL_LENGTH]) {
        const long = await raw(base, 'GET', `/v1/projects?q=${'a'.repeat(length)}`);
        expect({ service, length, status: long.status, code: codeOf(long) }).toEqual({
          service,
          length,
          status: 414,
          code: 'uri_too_long',
        });
      }
    }
    // A path segment past the router's parameter limit, at each service and through the gateway.
    const segment = 'x'.repeat(101);
    for (const [base, path, headers] of [
      [env.stack.url('identity'), `/admin/keys/${segment}`, {}],
      [env.stack.url('data-api'), `/v1/projects/${segment}`, {}],
      [env.stack.url('audit'), `/audit/keys/${segment}/usage`, {}],
      [env.gateway, `/v1/projects/${segment}`, credentialHeaders('key')],
      [env.gateway, `/admin/keys/${segment}`, credentialHeaders('user')],
    ] as const) {
      const answer = await raw(base, 'GET', path, headers);
      expect({ path, status: answer.status, code: codeOf(answer) }).toEqual({
        path,
        status: 414,
        code: 'uri_too_long',
      });
      expect(answer.text).not.toContain(segment);
    }
  });

  it('a body that is not JSON, JSON with another content type, or an empty JSON body is a 4xx problem at every service', async () => {
    const cases = [
      { body: '{"name":', type: 'application/json', status: 400, code: 'invalid_request' },
      { body: '', type: 'application/json', status: 400, code: 'invalid_request' },
      { body: '<name>x</name>', type: 'application/xml', status: 415, code: 'unsupported_media_type' },
      { body: '{}', type: ';;;', status: 415, code: 'unsupported_media_type' },
      {
        body: '['.repeat(65) + ']'.repeat(65),
        type: 'application/json',
        status: 400,
        code: 'invalid_request',
      },
      { body: '{"name":"a\\u0000"}', type: 'application/json', status: 400, code: 'invalid_request' },
    ];
    const targets = [
      {
        where: 'gateway → identity',
        base: env.gateway,
        path: '/admin/keys',
        headers: credentialHeaders('user'),
      },
      {
        where: 'gateway → data-api',
        base: env.gateway,
        path: '/v1/projects',
        headers: credentialHeaders('key'),
      },
      { where: 'identity', base: env.stack.url('identity'), path: '/admin/keys', headers: {} },
      { where: 'data-api', base: env.stack.url('data-api'), path: '/v1/projects', headers: {} },
    ];
    for (const target of targets) {
      for (const c of cases) {
        const answer = await raw(
          target.base,
          'POST',
          target.path,
          { ...target.headers, 'content-type': c.type },
          c.body,
        );
        expect({ where: target.where, sent: c.type, status: answer.status, code: codeOf(answer) }).toEqual({
          where: target.where,
          sent: c.type,
          status: c.status,
          code: c.code,
        });
      }
    }
  });
});
