import fc from 'fast-check';
import { importJWK, SignJWT } from 'jose';
import { GatewayTokenPurpose } from '@latchkey/auth-core';
import { type ApiRoute } from '@latchkey/contracts';
import { API_ROUTES, GRANTABLE_SCOPES } from '@latchkey/api-routes';
import { generateEd25519Jwk } from '@latchkey/runtime';
import { sql, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

const PASSWORD = 'latchkey-demo';
/** What a principal names itself in its header; anything else is refused (another kind of token). */
const PRINCIPAL_TYP = GatewayTokenPurpose.Principal;
const DATA_ROUTES = API_ROUTES.filter((r) => r.upstream === 'data-api');

/** A valid write body per resource, so a write that passes authorization is accepted. */
function bodyFor(route: ApiRoute, projectId: string): Record<string, unknown> | undefined {
  if (route.method === 'GET') return undefined;
  const resource = route.path.split('/')[2];
  if (route.method === 'PATCH') return resource === 'invoices' ? { status: 'open' } : { name: 'Renamed' };
  switch (resource) {
    case 'projects':
      return { name: 'New project' };
    case 'leads':
      return { name: 'New lead', project_id: projectId };
    case 'invoices':
      return { number: 'INV-T-1', amount_minor: 1000, currency: 'EUR', project_id: projectId };
    case 'webhooks':
      return { event: 'payment.succeeded', amount: 1000 };
    default:
      return {};
  }
}

describe('data API: organisation-scoped, gateway-trusting, with provenance', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let owner: string;
  let otherOwner: string;
  const ids: Record<string, { acme: string; globex: string }> = {};
  let acmeProject = '';
  let secondAcmeProject = '';
  let webhook = { id: '', secret: '' };

  beforeAll(async () => {
    env = await startStack('data-api', { gateway: { TRUSTED_PROXIES: '127.0.0.1' } });
    api = new GatewayClient(env.gateway);
    owner = await api.login('owner@acme.example', PASSWORD);
    otherOwner = await api.login('owner@globex.example', PASSWORD);
    for (const table of ['projects', 'leads', 'invoices', 'transactions']) {
      const acme = await sql<{ id: string }>(
        env.db.url,
        `select id from data.${table} where org_id = $1 order by id limit 1`,
        [env.orgs[0]!.org_id],
      );
      const globex = await sql<{ id: string }>(
        env.db.url,
        `select id from data.${table} where org_id = $1 order by id limit 1`,
        [env.orgs[1]!.org_id],
      );
      ids[table] = { acme: acme[0]!.id, globex: globex[0]!.id };
    }
    const projects = await sql<{ id: string }>(
      env.db.url,
      'select id from data.projects where org_id = $1 order by id',
      [env.orgs[0]!.org_id],
    );
    acmeProject = projects[0]!.id;
    secondAcmeProject = projects[1]!.id;
    const created = await api.call('POST', '/admin/webhooks', { token: owner, body: { name: 'Payments' } });
    webhook = { id: created.body['id'] as string, secret: created.body['secret'] as string };
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function key(scopes: string[], token = owner, extra: Record<string, unknown> = {}): Promise<string> {
    const response = await api.call('POST', '/admin/keys', {
      token,
      body: { name: 'data', scopes, expires_in_days: 7, ...extra },
    });
    if (response.status !== 201) throw new Error(`key: ${JSON.stringify(response.body)}`);
    return response.body['secret'] as string;
  }

  function pathFor(route: ApiRoute, org: 'acme' | 'globex'): string {
    const resource = route.path.split('/')[2] as string;
    if (resource === 'webhooks') return route.path.replace(':connection_id', webhook.id);
    return route.path.replace(':id', ids[resource]?.[org] ?? 'x');
  }

  describe('every data route × principal', () => {
    it.each(DATA_ROUTES.map((route) => ({ route, name: `${route.method} ${route.path}` })))(
      '$name',
      async ({ route }) => {
        const resource = route.path.split('/')[2] as string;
        const [scopeResource, action] = route.scope.split(':') as [string, string];
        const body = bodyFor(route, acmeProject);
        const call = (secret: string, path = pathFor(route, 'acme')) =>
          api.call(route.method, path, { token: secret, ...(body !== undefined ? { body } : {}) });
        const expected = route.method === 'POST' ? (resource === 'webhooks' ? 202 : 201) : 200;

        // Right scope.
        const right = resource === 'webhooks' ? webhook.secret : await key([route.scope]);
        const ok = await call(right);
        expect({ case: 'right scope', status: ok.status }).toEqual({ case: 'right scope', status: expected });
        if (route.method !== 'GET' && resource !== 'webhooks') {
          expect(ok.body['updated_by']).toMatch(/^key_/);
        }
        // A read-only key on a write route (where the resource can be read at all: webhooks cannot).
        if (action === 'write' && GRANTABLE_SCOPES.includes(`${scopeResource}:read`)) {
          const readOnly = await call(await key([`${scopeResource}:read`]));
          expect({
            case: 'read-only on write',
            status: readOnly.status,
            code: readOnly.body['code'],
          }).toEqual({
            case: 'read-only on write',
            status: 403,
            code: 'insufficient_scope',
          });
        }
        // Wrong scope.
        const wrong = await call(await key([scopeResource === 'leads' ? 'projects:read' : 'leads:read']));
        expect({ case: 'wrong scope', status: wrong.status }).toEqual({ case: 'wrong scope', status: 403 });
        // Bound to another instance (another project, or another webhook connection).
        if (route.instanceParam) {
          const other = resource === 'webhooks' ? 'whc_00000000000000000000000000' : secondAcmeProject;
          const bound = await call(await key([`${route.scope}@${other}`]));
          const target = resource === 'projects' ? 'projects' : resource;
          if (target === 'projects' || resource === 'webhooks') {
            expect({ case: 'other instance', status: bound.status }).toEqual({
              case: 'other instance',
              status: 403,
            });
          } else {
            // A row outside the bound project is not found (the seeded row may belong to that project: skip then).
            const [row] = await sql<{ project_id: string | null }>(
              env.db.url,
              `select project_id from data.${resource} where id = $1`,
              [ids[resource]!.acme],
            );
            if (row?.project_id !== other)
              expect({ case: 'other project', status: bound.status }).toEqual({
                case: 'other project',
                status: 404,
              });
          }
        }
        // Another organisation's id.
        if (route.instanceParam && resource !== 'webhooks') {
          const foreign = await call(right, pathFor(route, 'globex'));
          expect({ case: 'other org', status: foreign.status, code: foreign.body['code'] }).toEqual({
            case: 'other org',
            status: 404,
            code: 'not_found',
          });
        }

        // Straight to data-api: no principal, a forged one, an expired one.
        const direct = (principal?: string) =>
          fetch(`${env.stack.url('data-api')}${pathFor(route, 'acme')}`, {
            method: route.method,
            headers: {
              ...(principal ? { 'x-latchkey-principal': principal } : {}),
              ...(body ? { 'content-type': 'application/json' } : {}),
            },
            ...(body ? { body: JSON.stringify(body) } : {}),
          });
        const sign = async (jwk: Record<string, string>, expiresIn: number, typ: string = PRINCIPAL_TYP) =>
          new SignJWT({
            org_id: env.orgs[0]!.org_id,
            subject: 'key_x',
            kind: 'api_key',
            key_id: 'key_x',
            scopes: ['*'],
          })
            .setProtectedHeader({ alg: 'EdDSA', typ, kid: jwk['kid'] ?? 'k' })
            .setIssuer('latchkey-gateway')
            .setAudience('data-api')
            .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
            .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
            .sign(await importJWK(jwk, 'EdDSA'));
        expect((await direct()).status).toBe(401);
        expect((await direct(await sign(generateEd25519Jwk('forged').privateJwk, 30))).status).toBe(401);
        expect(
          (await direct(await sign(JSON.parse(env.secrets['PRINCIPAL_SIGNING_KEY']!), -60))).status,
        ).toBe(401);
        // The gateway's key, but signed as another kind of token (its forwarding assertion's purpose).
        expect(
          (
            await direct(
              await sign(
                JSON.parse(env.secrets['PRINCIPAL_SIGNING_KEY']!),
                30,
                GatewayTokenPurpose.Forwarded,
              ),
            )
          ).status,
        ).toBe(401);
        // The gateway's real key with a fresh principal does work: the refusals above are about the principal.
        expect([200, 201, 202]).toContain(
          (await direct(await sign(JSON.parse(env.secrets['PRINCIPAL_SIGNING_KEY']!), 30))).status,
        );
      },
    );
  });

  it('a project-bound grant sees only that project and what belongs to it', async () => {
    const projectsKey = await key([`projects:read@${acmeProject}`]);
    const projects = await api.call('GET', '/v1/projects', { token: projectsKey });
    expect((projects.body['data'] as { id: string }[]).map((p) => p.id)).toEqual([acmeProject]);
    const leadsKey = await key([`leads:read@${acmeProject}`]);
    const leads = (await api.call('GET', '/v1/leads?limit=100', { token: leadsKey })).body['data'] as {
      project_id: string;
      id: string;
    }[];
    expect(leads.length).toBeGreaterThan(0);
    expect(new Set(leads.map((l) => l.project_id))).toEqual(new Set([acmeProject]));
    const [outside] = await sql<{ id: string }>(
      env.db.url,
      'select id from data.leads where org_id = $1 and project_id <> $2 limit 1',
      [env.orgs[0]!.org_id, acmeProject],
    );
    expect((await api.call('GET', `/v1/leads/${outside!.id}`, { token: leadsKey })).status).toBe(404);
    expect((await api.call('GET', `/v1/leads/${leads[0]!.id}`, { token: leadsKey })).status).toBe(200);

    // A cursor or a filter narrows further; it never widens what the grant reaches.
    const [otherProject] = await sql<{ id: string }>(
      env.db.url,
      'select id from data.projects where org_id = $1 and id <> $2 order by id limit 1',
      [env.orgs[0]!.org_id, acmeProject],
    );
    const fromStart = encodeURIComponent(
      Buffer.from(JSON.stringify({ after: 'prj_00000000000000000000000000' })).toString('base64url'),
    );
    const paged = await api.call('GET', `/v1/projects?cursor=${fromStart}`, { token: projectsKey });
    expect((paged.body['data'] as { id: string }[]).map((p) => p.id)).toEqual([acmeProject]);
    const filtered = await api.call('GET', `/v1/leads?project=${otherProject!.id}`, { token: leadsKey });
    expect(filtered.status).toBe(200);
    expect(filtered.body['data']).toEqual([]);

    // data-api on its own (the gateway would not let this through): a grant bound to one project
    // asking for another by id gets 404, not the project it may see.
    const signingJwk = JSON.parse(env.secrets['PRINCIPAL_SIGNING_KEY']!) as { kid: string };
    const signingKey = await importJWK(signingJwk, 'EdDSA');
    const principal = await new SignJWT({
      org_id: env.orgs[0]!.org_id,
      subject: 'key_x',
      kind: 'api_key',
      key_id: 'key_x',
      scopes: [`projects:read@${acmeProject}`],
    })
      // The backends choose the public key by kid (ADR 0017): the gateway's own.
      .setProtectedHeader({ alg: 'EdDSA', typ: PRINCIPAL_TYP, kid: signingJwk.kid })
      .setIssuer('latchkey-gateway')
      .setAudience('data-api')
      .setIssuedAt()
      .setExpirationTime('30s')
      .sign(signingKey);
    const byId = (id: string) =>
      fetch(`${env.stack.url('data-api')}/v1/projects/${id}`, {
        headers: { 'x-latchkey-principal': principal },
      });
    expect((await byId(otherProject!.id)).status).toBe(404);
    expect((await byId(acmeProject)).status).toBe(200);
  });

  describe('bad input names the field and writes nothing', () => {
    const cases: [string, string, string, unknown, string][] = [
      [
        'negative amount',
        'POST',
        '/v1/invoices',
        { number: 'X', amount_minor: -5, currency: 'EUR' },
        'amount_minor',
      ],
      [
        'fractional amount',
        'POST',
        '/v1/invoices',
        { number: 'X', amount_minor: 10.5, currency: 'EUR' },
        'amount_minor',
      ],
      [
        'unknown currency',
        'POST',
        '/v1/invoices',
        { number: 'X', amount_minor: 5, currency: 'ZZZ' },
        'currency',
      ],
      ['unknown field', 'POST', '/v1/leads', { name: 'L', favourite_colour: 'blue' }, 'favourite_colour'],
      ['wrong type', 'POST', '/v1/projects', { name: 12 }, 'name'],
      ['bad status', 'PATCH', '/v1/projects/:id', { status: 'deleted' }, 'status'],
      [
        'reference to nothing',
        'POST',
        '/v1/leads',
        { name: 'L', project_id: 'prj_00000000000000000000000000' },
        'project_id',
      ],
      ['bad cursor', 'GET', '/v1/leads?cursor=not-a-cursor', undefined, 'cursor'],
      ['limit too large', 'GET', '/v1/leads?limit=101', undefined, 'limit'],
      ['limit zero', 'GET', '/v1/leads?limit=0', undefined, 'limit'],
      ['unknown filter', 'GET', '/v1/leads?colour=blue', undefined, 'colour'],
      ['bad date range', 'GET', '/v1/leads?created_after=yesterday', undefined, 'created_after'],
    ];
    it.each(cases)('%s', async (_name, method, rawPath, body, field) => {
      const secret = await key(['*']);
      const path = rawPath.replace(':id', ids['projects']!.acme);
      const before = await sql(
        env.db.url,
        'select (select count(*) from data.projects) + (select count(*) from data.leads) + (select count(*) from data.invoices) as n',
      );
      const response = await api.call(method, path, {
        token: secret,
        ...(body !== undefined ? { body } : {}),
      });
      expect({ status: response.status, code: response.body['code'] }).toEqual({
        status: 400,
        code: 'invalid_request',
      });
      expect(String(response.body['detail'])).toContain(field);
      expect(
        await sql(
          env.db.url,
          'select (select count(*) from data.projects) + (select count(*) from data.leads) + (select count(*) from data.invoices) as n',
        ),
      ).toEqual(before);
    });

    it('transactions are read-only: a write is 405, with Allow naming the reads', async () => {
      const secret = await key(['*']);
      const response = await api.call('POST', '/v1/transactions', {
        token: secret,
        body: { amount_minor: 1 },
      });
      expect(response.status).toBe(405);
      expect(response.body['code']).toBe('method_not_allowed');
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    });
  });

  it('pagination: walking every page returns each existing row exactly once while rows are inserted', async () => {
    const secret = await key(['leads:read', 'leads:write'], owner, {
      rate_limit: { limit: 100_000, window_seconds: 60 },
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 7, max: 100 }),
        fc.integer({ min: 0, max: 5 }),
        async (limit, insertsPerPage) => {
          const existing = new Set(
            (
              await sql<{ id: string }>(env.db.url, 'select id from data.leads where org_id = $1', [
                env.orgs[0]!.org_id,
              ])
            ).map((r) => r.id),
          );
          const seen: string[] = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const page: { status: number; body: Record<string, unknown> } = await api.call(
              'GET',
              `/v1/leads?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
              { token: secret },
            );
            expect({ status: page.status, body: page.status === 200 ? null : page.body }).toEqual({
              status: 200,
              body: null,
            });
            const data = page.body['data'] as { id: string }[];
            expect(data.length).toBeLessThanOrEqual(limit);
            seen.push(...data.map((r) => r.id));
            cursor = page.body['next_cursor'] as string | null;
            await Promise.all(
              // Rows go in while the first pages are read (later ones would make the walk endless).
              Array.from({ length: pages++ < 4 ? insertsPerPage : 0 }, (_, i) =>
                api.call('POST', '/v1/leads', {
                  token: secret,
                  body: { name: `Concurrent ${i}`, project_id: acmeProject },
                }),
              ),
            );
          } while (cursor);
          expect(new Set(seen).size).toBe(seen.length);
          for (const id of existing) expect(seen).toContain(id);
        },
      ),
      { numRuns: 6 },
    );
  });

  it('webhook ingest under concurrent retries with one Idempotency-Key stores one event and answers the same', async () => {
    const send = () =>
      api.call('POST', `/v1/webhooks/${webhook.id}/events`, {
        token: webhook.secret,
        headers: { 'idempotency-key': 'evt-42', 'x-signature': 'sha256=abc' },
        body: { type: 'payment.succeeded', amount: 4200 },
      });
    const responses = await Promise.all(Array.from({ length: 20 }, send));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([202]));
    expect(new Set(responses.map((r) => r.body['id'])).size).toBe(1);
    const rows = await sql<{ headers: Record<string, string> }>(
      env.db.url,
      "select headers from data.webhook_events where idempotency_key = 'evt-42'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.headers).toEqual(expect.objectContaining({ 'x-signature': 'sha256=abc' }));
    expect(JSON.stringify(rows[0]!.headers)).not.toContain(webhook.secret);
    // Without a key every delivery is its own event.
    const a = await api.call('POST', `/v1/webhooks/${webhook.id}/events`, {
      token: webhook.secret,
      body: { n: 1 },
    });
    const b = await api.call('POST', `/v1/webhooks/${webhook.id}/events`, {
      token: webhook.secret,
      body: { n: 1 },
    });
    expect(a.body['id']).not.toBe(b.body['id']);
  });

  it('every write emits data.changed naming the key that made it', async () => {
    const secret = await key(['projects:write']);
    const created = await api.call('POST', '/v1/projects', { token: secret, body: { name: 'Audited' } });
    expect(created.status).toBe(201);
    const keyId = created.body['created_by'] as string;
    await waitFor(
      'data.changed in the audit trail',
      async () => {
        const events = await api.call('GET', `/audit/events?type=data.changed&actor=${keyId}`, {
          token: owner,
        });
        return ((events.body['data'] as { data: { id: string } }[] | undefined) ?? []).some(
          (e) => e.data.id === created.body['id'],
        );
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
  });

  it('the other organisation sees none of it', async () => {
    const secret = await key(['*'], otherOwner);
    const projects = (await api.call('GET', '/v1/projects', { token: secret })).body['data'] as {
      name: string;
    }[];
    expect(projects.length).toBeGreaterThan(0);
    expect(projects.every((p) => p.name.startsWith('Globex'))).toBe(true);
  });
});
