import fc from 'fast-check';
import { generateSecret } from '@latchkey/auth-core';
import type { AuditEventView, DecisionView, SimulationView } from '@latchkey/contracts';
import { waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

/**
 * Explainable denials (ADR 0023) and canary keys (ADR 0024), through the real gateway, identity and
 * audit: a refusal names its decision, the decision explains it once the denial window is flushed,
 * a simulation decides as the gateway does, and a canary key looks like an unknown one.
 */
describe('decisions and canary keys through the gateway', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let owner: string;
  let otherOwner: string;

  beforeAll(async () => {
    env = await startStack('decisions', { gateway: { TRUSTED_PROXIES: '127.0.0.1' } });
    api = new GatewayClient(env.gateway);
    const [orgA, orgB] = env.orgs as [(typeof env.orgs)[0], (typeof env.orgs)[0]];
    owner = await api.login(orgA.email, orgA.password);
    otherOwner = await api.login(orgB.email, orgB.password);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function issue(
    body: Record<string, unknown>,
  ): Promise<{ id: string; secret: string; canary: boolean }> {
    const response = await api.call('POST', '/admin/keys', {
      token: owner,
      body: { name: 'decisions', expires_in_days: 7, ...body },
    });
    if (response.status !== 201)
      throw new Error(`issue: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; secret: string; canary: boolean };
  }

  /** The explanation, once the gateway has flushed its denial window into the audit trail. */
  async function explanation(decisionId: string, token = owner): Promise<DecisionView> {
    let view: DecisionView | undefined;
    await waitFor(
      `decision ${decisionId} explained`,
      async () => {
        const response = await api.call('GET', `/admin/decisions/${decisionId}`, { token });
        if (response.status === 200) view = response.body as unknown as DecisionView;
        return response.status === 200;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    return view!;
  }

  it('a 403 scope denial names its decision, which explains insufficient_scope with the scope needed', async () => {
    const key = await issue({ scopes: ['leads:read'] });
    const refused = await api.call('GET', '/v1/invoices', { token: key.secret });
    expect(refused.status).toBe(403);
    const decisionId = refused.body['decision_id'] as string;
    expect(decisionId).toMatch(/^dcn_/);
    expect(refused.headers.get('latchkey-decision-id')).toBe(decisionId);

    const view = await explanation(decisionId);
    expect(view).toMatchObject({
      decision_id: decisionId,
      reason: 'insufficient_scope',
      required_scope: 'invoices:read',
      error_code: 'insufficient_scope',
      status: 403,
      key_id: key.id,
      route: 'GET /v1/invoices',
    });
    expect(view.key_state).toMatchObject({ status: 'active', scopes: ['leads:read'], canary: false });
    expect(JSON.stringify(view)).not.toContain(key.secret);
  });

  it('a 429 explains the limit and the window', async () => {
    const key = await issue({ scopes: ['leads:read'], rate_limit: { limit: 1, window_seconds: 60 } });
    expect((await api.call('GET', '/v1/leads', { token: key.secret })).status).toBe(200);
    const refused = await api.call('GET', '/v1/leads', { token: key.secret });
    expect(refused.status).toBe(429);
    const view = await explanation(refused.body['decision_id'] as string);
    expect(view).toMatchObject({
      reason: 'rate_limited',
      rate_limit: { limit: 1, window_seconds: 60 },
      error_code: 'rate_limited',
    });
  });

  it('a member cannot read a decision, and another organisation’s decision is not found', async () => {
    const key = await issue({ scopes: ['leads:read'] });
    const refused = await api.call('GET', '/v1/invoices', { token: key.secret });
    const decisionId = refused.body['decision_id'] as string;
    await explanation(decisionId);

    const email = `member-${Date.now()}@acme.example`;
    const created = await api.call('POST', '/admin/users', {
      token: owner,
      body: { email, name: 'Member', role: 'member', password: 'm'.repeat(16) },
    });
    expect(created.status).toBe(201);
    const member = await api.login(email, 'm'.repeat(16));
    const asMember = await api.call('GET', `/admin/decisions/${decisionId}`, { token: member });
    expect(asMember.status).toBe(403);
    expect(asMember.body).not.toHaveProperty('reason');

    const asOther = await api.call('GET', `/admin/decisions/${decisionId}`, { token: otherOwner });
    expect(asOther.status).toBe(404);
    // A simulation is an owner's or admin's too.
    const simulated = await api.call('POST', `/admin/keys/${key.id}/simulate`, {
      token: member,
      body: { method: 'GET', path: '/v1/leads', ip: '203.0.113.1' },
    });
    expect(simulated.status).toBe(403);
  });

  it('a simulation answers what the real request then gets, for generated requests', async () => {
    const key = await issue({
      scopes: ['leads:read', 'projects:write'],
      allowed_ips: ['198.51.100.0/24'],
      allowed_paths: ['/v1/leads*', '/v1/projects*'],
      rate_limit: { limit: 100_000, window_seconds: 60 },
    });
    const requests = fc.sample(
      fc.record({
        method: fc.constantFrom('GET', 'POST'),
        path: fc.constantFrom('/v1/leads', '/v1/projects', '/v1/invoices', '/v1/leads/led_1', '/v1/nowhere'),
        ip: fc.constantFrom('198.51.100.7', '203.0.113.9'),
      }),
      { numRuns: 12, seed: 23 },
    );
    const outcomes = new Set<string>();
    for (const request of requests) {
      const simulated = await api.call('POST', `/admin/keys/${key.id}/simulate`, {
        token: owner,
        body: request,
      });
      expect(simulated.status).toBe(200);
      const view = simulated.body as unknown as SimulationView;
      const real = await api.call(request.method as 'GET', request.path, {
        token: key.secret,
        ip: request.ip,
        ...(request.method === 'POST' ? { body: { name: 'x' } } : {}),
      });
      outcomes.add(view.outcome);
      const label = `${request.method} ${request.path} from ${request.ip}`;
      if (view.outcome === 'allowed')
        expect([label, [401, 403, 429].includes(real.status)]).toEqual([label, false]);
      else expect([label, real.status, real.body['code']]).toEqual([label, view.status, view.error_code]);
    }
    // The generated requests reach both sides of the decision (else the comparison proves little).
    expect(outcomes).toContain('allowed');
    expect(outcomes).toContain('denied');
  });

  it('a canary key is answered exactly like an unknown key, and its use reaches the audit trail as key.canary_tripped', async () => {
    const canary = await issue({ canary: true });
    expect(canary.canary).toBe(true);
    const listed = await api.call('GET', '/admin/keys?canary=false&limit=100', { token: owner });
    expect((listed.body['data'] as { id: string }[]).map((k) => k.id)).not.toContain(canary.id);
    const only = await api.call('GET', '/admin/keys?canary=true&limit=100', { token: owner });
    expect((only.body['data'] as { id: string }[]).map((k) => k.id)).toEqual([canary.id]);

    const shape = (r: Awaited<ReturnType<typeof api.call>>) => {
      const { decision_id: _d, request_id: _r, ...body } = r.body;
      const headers = [...r.headers.entries()]
        .filter(([name]) => !['latchkey-decision-id', 'x-request-id', 'date'].includes(name))
        .sort();
      return { status: r.status, headers, body, keys: Object.keys(r.body).sort() };
    };
    const viaCanary = await api.call('GET', '/v1/leads', {
      token: canary.secret,
      ip: '192.0.2.50',
      headers: { 'user-agent': 'leak-finder/1.0' },
    });
    const viaUnknown = await api.call('GET', '/v1/leads', {
      token: generateSecret('live'),
      ip: '192.0.2.51',
    });
    expect(shape(viaCanary)).toEqual(shape(viaUnknown));
    expect(viaCanary.status).toBe(401);
    // Its decision id links it to no other answer (else comparing ids would tell a known key).
    const again = await api.call('GET', '/v1/leads', { token: canary.secret, ip: '192.0.2.50' });
    expect(again.body['decision_id']).not.toBe(viaCanary.body['decision_id']);
    // Nor can a token be had for it: the exchange answers as for an unknown key.
    const exchanged = await api.call('POST', '/auth/token', {
      body: { api_key: canary.secret },
      ip: '192.0.2.52',
    });
    const exchangedUnknown = await api.call('POST', '/auth/token', {
      body: { api_key: generateSecret('live') },
      ip: '192.0.2.53',
    });
    expect([exchanged.status, exchanged.body['code'], exchanged.body['detail']]).toEqual([
      exchangedUnknown.status,
      exchangedUnknown.body['code'],
      exchangedUnknown.body['detail'],
    ]);

    let tripped: AuditEventView | undefined;
    await waitFor(
      'key.canary_tripped in the trail',
      async () => {
        const trail = await api.call('GET', `/audit/events?type=key.canary_tripped&key_id=${canary.id}`, {
          token: owner,
        });
        tripped = (trail.body['data'] as AuditEventView[] | undefined)?.[0];
        return tripped !== undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(tripped!.data).toMatchObject({
      key_id: canary.id,
      source_ip: '192.0.2.50',
      user_agent: 'leak-finder/1.0',
      method: 'GET',
      path: '/v1/leads',
      count: 1,
    });
    expect(JSON.stringify(tripped)).not.toContain(canary.secret);
    const view = await explanation(viaCanary.body['decision_id'] as string);
    expect(view).toMatchObject({ reason: 'canary', key_id: canary.id, error_code: 'invalid_api_key' });
  });
});
