import { GRANTABLE_SCOPES } from '@latchkey/api-routes';
import { sql } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

const PASSWORD = 'latchkey-demo';
const NO_SUCH = (prefix: string) => `${prefix}_${'0'.repeat(26)}`;

/** What two refusals must share to be indistinguishable to the caller (the request id differs). */
function answer(response: { status: number; body: Record<string, unknown>; headers: Headers }) {
  const { request_id: _requestId, ...body } = response.body;
  return { status: response.status, contentType: response.headers.get('content-type'), body };
}

describe('tenancy: what a key may name, issue and post to', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let owner: string;
  let otherOwner: string;

  beforeAll(async () => {
    env = await startStack('tenancy', {
      // Keys stay cached while identity is stopped (the last test): the gateway still admits them.
      gateway: { TRUSTED_PROXIES: '127.0.0.1', KEY_CACHE_TTL_MS: '60000', KEY_CACHE_MAX_STALE_MS: '60000' },
    });
    api = new GatewayClient(env.gateway);
    owner = await api.login('owner@acme.example', PASSWORD);
    otherOwner = await api.login('owner@globex.example', PASSWORD);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function key(scopes: string[], token = owner): Promise<string> {
    const response = await api.call('POST', '/admin/keys', {
      token,
      body: { name: 'tenancy', scopes, expires_in_days: 7 },
    });
    if (response.status !== 201) throw new Error(`key: ${JSON.stringify(response.body)}`);
    return response.body['secret'] as string;
  }

  const count = async (query: string, params: unknown[] = []) =>
    Number((await sql<{ n: string }>(env.db.url, query, params))[0]!.n);

  describe('issuance refuses scopes no route can exercise', () => {
    const keyCount = () => count('select count(*) as n from identity.api_keys');

    it.each(['transactions:write', 'audit:write', 'webhooks:read', 'projects:delete', 'audit:read@prj_1'])(
      'create with %s: 400 naming the field and listing the valid scopes; nothing issued',
      async (scope) => {
        const before = await keyCount();
        const response = await api.call('POST', '/admin/keys', {
          token: owner,
          body: { name: 'never', scopes: ['leads:read', scope], expires_in_days: 7 },
        });
        expect({ status: response.status, code: response.body['code'] }).toEqual({
          status: 400,
          code: 'invalid_request',
        });
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const errors = response.body['errors'] as { field: string; message: string }[];
        expect(errors.map((e) => e.field)).toEqual(['scopes.1']);
        for (const valid of GRANTABLE_SCOPES) expect(errors[0]!.message).toContain(valid);
        expect(await keyCount()).toBe(before);
      },
    );

    it('PATCH with an unexercisable scope is refused and the key keeps its scopes', async () => {
      const created = await api.call('POST', '/admin/keys', {
        token: owner,
        body: { name: 'kept', scopes: ['leads:read'], expires_in_days: 7 },
      });
      const id = created.body['id'] as string;
      const patched = await api.call('PATCH', `/admin/keys/${id}`, {
        token: owner,
        body: { scopes: ['leads:read', 'transactions:write'] },
      });
      expect({
        status: patched.status,
        field: (patched.body['errors'] as { field: string }[])[0]?.field,
      }).toEqual({ status: 400, field: 'scopes.1' });
      const read = await api.call('GET', `/admin/keys/${id}`, { token: owner });
      expect(read.body['scopes']).toEqual(['leads:read']);
    });

    it("a webhook connection's key holds a valid scope, and cannot be changed to an invalid one", async () => {
      const connection = await api.call('POST', '/admin/webhooks', { token: owner, body: { name: 'CRM' } });
      expect(connection.status).toBe(201);
      const keyId = connection.body['key_id'] as string;
      const read = await api.call('GET', `/admin/keys/${keyId}`, { token: owner });
      expect(read.body['scopes']).toEqual([`webhooks:write@${connection.body['id'] as string}`]);
      const patched = await api.call('PATCH', `/admin/keys/${keyId}`, {
        token: owner,
        body: { scopes: [`webhooks:read@${connection.body['id'] as string}`] },
      });
      expect({ status: patched.status, code: patched.body['code'] }).toEqual({
        status: 400,
        code: 'invalid_request',
      });
      expect((await api.call('GET', `/admin/keys/${keyId}`, { token: owner })).body['scopes']).toEqual(
        read.body['scopes'],
      );
    });
  });

  describe("references in a write reach only what the key's grants reach", () => {
    let p1 = '';
    let p2 = '';
    let l1 = '';
    let l2 = '';
    let foreignLead = '';
    let boundKey = '';

    beforeAll(async () => {
      const admin = await key(['*']);
      const create = async (path: string, body: Record<string, unknown>, secret = admin) => {
        const response = await api.call('POST', path, { token: secret, body });
        if (response.status !== 201) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
        return response.body['id'] as string;
      };
      p1 = await create('/v1/projects', { name: 'Bound' });
      p2 = await create('/v1/projects', { name: 'Elsewhere' });
      l1 = await create('/v1/leads', { name: 'Mine', project_id: p1 });
      l2 = await create('/v1/leads', { name: 'Not mine', project_id: p2 });
      foreignLead = await create('/v1/leads', { name: 'Globex lead' }, await key(['*'], otherOwner));
      boundKey = await key([`invoices:write@${p1}`, `leads:read@${p1}`]);
    });

    const invoice = (extra: Record<string, unknown>) => ({
      number: 'INV-REF',
      amount_minor: 100,
      currency: 'EUR',
      project_id: p1,
      ...extra,
    });
    const invoiceCount = () => count('select count(*) as n from data.invoices');

    it("a project-bound key links its own project's lead", async () => {
      const created = await api.call('POST', '/v1/invoices', {
        token: boundKey,
        body: invoice({ lead_id: l1 }),
      });
      expect({ status: created.status, lead: created.body['lead_id'] }).toEqual({ status: 201, lead: l1 });
    });

    it("another project's lead, or another organisation's, is answered like a lead that does not exist", async () => {
      const before = await invoiceCount();
      const missing = answer(
        await api.call('POST', '/v1/invoices', {
          token: boundKey,
          body: invoice({ lead_id: NO_SUCH('led') }),
        }),
      );
      expect(missing).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
      for (const lead of [l2, foreignLead]) {
        const outside = answer(
          await api.call('POST', '/v1/invoices', { token: boundKey, body: invoice({ lead_id: lead }) }),
        );
        expect({ lead, ...outside }).toEqual({ lead, ...missing });
      }
      expect(await invoiceCount()).toBe(before);
    });

    it('another project is answered like a project that does not exist', async () => {
      const before = await invoiceCount();
      const missing = answer(
        await api.call('POST', '/v1/invoices', {
          token: boundKey,
          body: invoice({ project_id: NO_SUCH('prj') }),
        }),
      );
      expect(missing).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
      const outside = answer(
        await api.call('POST', '/v1/invoices', { token: boundKey, body: invoice({ project_id: p2 }) }),
      );
      expect(outside).toEqual(missing);
      const leadsKey = await key([`leads:write@${p1}`]);
      const leadMissing = answer(
        await api.call('POST', '/v1/leads', {
          token: leadsKey,
          body: { name: 'x', project_id: NO_SUCH('prj') },
        }),
      );
      const leadOutside = answer(
        await api.call('POST', '/v1/leads', { token: leadsKey, body: { name: 'x', project_id: p2 } }),
      );
      expect(leadOutside).toEqual(leadMissing);
      expect(await invoiceCount()).toBe(before);
    });

    it('a PATCH cannot relink to a lead outside the reach either, and changes nothing', async () => {
      const created = await api.call('POST', '/v1/invoices', { token: boundKey, body: invoice({}) });
      const id = created.body['id'] as string;
      const missing = answer(
        await api.call('PATCH', `/v1/invoices/${id}`, { token: boundKey, body: { lead_id: NO_SUCH('led') } }),
      );
      const outside = answer(
        await api.call('PATCH', `/v1/invoices/${id}`, { token: boundKey, body: { lead_id: l2 } }),
      );
      expect(missing).toMatchObject({ status: 400 });
      expect(outside).toEqual(missing);
      const [row] = await sql<{ lead_id: string | null }>(
        env.db.url,
        'select lead_id from data.invoices where id = $1',
        [id],
      );
      expect(row?.lead_id).toBeNull();
    });

    it('an organisation-wide write grant links only the leads its read grant reaches', async () => {
      const wide = await key(['invoices:write', `leads:read@${p1}`]);
      const missing = answer(
        await api.call('POST', '/v1/invoices', { token: wide, body: invoice({ lead_id: NO_SUCH('led') }) }),
      );
      const outside = answer(
        await api.call('POST', '/v1/invoices', { token: wide, body: invoice({ lead_id: l2 }) }),
      );
      expect(outside).toEqual(missing);
      const noLeads = await key(['invoices:write']);
      const blind = answer(
        await api.call('POST', '/v1/invoices', { token: noLeads, body: invoice({ lead_id: l1 }) }),
      );
      expect(blind).toEqual(missing);
      const readsAll = await key(['invoices:write', 'leads:read']);
      expect(
        (await api.call('POST', '/v1/invoices', { token: readsAll, body: invoice({ lead_id: l2 }) })).status,
      ).toBe(201);
    });
  });

  describe('webhook ingest takes events only for the organisation’s active connections', () => {
    let writer = '';
    let active = '';
    let revoked = '';
    let foreign = '';
    const events = (connection: string) =>
      count('select count(*) as n from data.webhook_events where connection_id = $1', [connection]);
    const post = (connection: string, secret = writer) =>
      api.call('POST', `/v1/webhooks/${connection}/events`, {
        token: secret,
        body: { event: 'payment.succeeded', amount: 1000 },
      });

    beforeAll(async () => {
      writer = await key(['webhooks:write']);
      const made = async (token: string) => {
        const response = await api.call('POST', '/admin/webhooks', { token, body: { name: 'Payments' } });
        if (response.status !== 201) throw new Error(`webhook: ${JSON.stringify(response.body)}`);
        return response.body['id'] as string;
      };
      active = await made(owner);
      revoked = await made(owner);
      foreign = await made(otherOwner);
      const revocation = await api.call('POST', `/admin/webhooks/${revoked}/revoke`, { token: owner });
      expect(revocation.status).toBe(200);
    });

    it('an active connection of the organisation still gets 202', async () => {
      const before = await events(active);
      const accepted = await post(active);
      expect({ status: accepted.status, connection: accepted.body['connection_id'] }).toEqual({
        status: 202,
        connection: active,
      });
      expect(await events(active)).toBe(before + 1);
    });

    it.each([
      ['does not exist', () => NO_SUCH('whc')],
      ['is revoked', () => revoked],
      ["is another organisation's", () => foreign],
    ])('a connection that %s: 404 not_found, nothing stored', async (_why, connection) => {
      const id = connection();
      const total = await count('select count(*) as n from data.webhook_events');
      const refused = await post(id);
      expect({ status: refused.status, code: refused.body['code'] }).toEqual({
        status: 404,
        code: 'not_found',
      });
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await events(id)).toBe(0);
      expect(await count('select count(*) as n from data.webhook_events')).toBe(total);
      // Retrying with an Idempotency-Key stores nothing either.
      const retried = await api.call('POST', `/v1/webhooks/${id}/events`, {
        token: writer,
        body: { event: 'x' },
        headers: { 'idempotency-key': 'retry-1' },
      });
      expect(retried.status).toBe(404);
      expect(await events(id)).toBe(0);
    });

    it('the three refusals are indistinguishable but for the id they name', async () => {
      const [missing, gone, theirs] = await Promise.all([post(NO_SUCH('whc')), post(revoked), post(foreign)]);
      const shape = (r: Awaited<ReturnType<typeof post>>, id: string) => {
        const a = answer(r);
        return { ...a, body: { ...a.body, detail: String(a.body['detail']).replace(id, '<id>') } };
      };
      expect(shape(gone, revoked)).toEqual(shape(missing, NO_SUCH('whc')));
      expect(shape(theirs, foreign)).toEqual(shape(missing, NO_SUCH('whc')));
    });

    // Last: identity stays down.
    it('when identity cannot say, the event is refused with 502 upstream_unavailable and not stored', async () => {
      expect((await post(active)).status).toBe(202);
      const before = await events(active);
      await env.stack.stop('identity');
      const refused = await post(active);
      expect({ status: refused.status, code: refused.body['code'] }).toEqual({
        status: 502,
        code: 'upstream_unavailable',
      });
      expect(await events(active)).toBe(before);
    });
  });
});
