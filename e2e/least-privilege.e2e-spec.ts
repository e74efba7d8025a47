import { waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(180_000);

const PASSWORD = 'latchkey-demo';

/** Least privilege (ADR 0026) through the gateway: granted against exercised, and applying it. */
describe('least privilege: a key narrowed to what it uses', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let owner: string;

  beforeAll(async () => {
    env = await startStack('least-privilege', { gateway: { TRUSTED_PROXIES: '127.0.0.1' } });
    api = new GatewayClient(env.gateway);
    owner = await api.login('owner@acme.example', PASSWORD);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('a key used on one of two scopes: the recommendation removes the other; applied, the used route still works', async () => {
    const created = await api.call('POST', '/admin/keys', {
      token: owner,
      body: {
        name: 'two scopes',
        scopes: ['projects:read', 'leads:read'],
        allowed_ips: ['203.0.113.0/24', '10.0.0.0/8'],
        rate_limit: { limit: 1000, window_seconds: 60 },
        expires_in_days: 30,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body['id'] as string;
    const secret = created.body['secret'] as string;
    for (let i = 0; i < 3; i++)
      expect((await api.call('GET', '/v1/projects', { token: secret, ip: '203.0.113.5' })).status).toBe(200);

    let recommendation: Record<string, unknown> = {};
    await waitFor(
      'the use recorded',
      async () => {
        const r = await api.call('GET', `/admin/keys/${id}/recommendation`, { token: owner });
        recommendation = r.body;
        return r.status === 200 && (r.body['requests'] as number) >= 3;
      },
      { timeoutMs: 20_000 },
    );
    expect(recommendation).toMatchObject({
      key_id: id,
      window_days: 30,
      unused_scopes: ['leads:read'],
      unseen_ips: ['10.0.0.0/8'],
      exercised: { routes: ['GET /v1/projects'], scopes: ['projects:read'], ips: ['203.0.113.5'] },
      proposed: {
        scopes: ['projects:read'],
        allowed_ips: ['203.0.113.0/24'],
        rate_limit: { limit: 10, window_seconds: 60 },
      },
    });
    expect(JSON.stringify(recommendation)).not.toContain(secret);

    // Applying it is the ordinary PATCH, recorded as key.updated with its diff.
    const patched = await api.call('PATCH', `/admin/keys/${id}`, {
      token: owner,
      body: recommendation['proposed'],
    });
    expect(patched.status).toBe(200);
    expect(patched.body['scopes']).toEqual(['projects:read']);
    await waitFor(
      'key.updated with the narrowed scopes',
      async () => {
        const events = await api.call('GET', `/audit/events?type=key.updated&key_id=${id}`, { token: owner });
        return (events.body['data'] as { data: { diff?: { scopes?: { new: string[] } } } }[]).some(
          (e) => e.data.diff?.scopes?.new.join() === 'projects:read',
        );
      },
      { timeoutMs: 20_000 },
    );
    // The used route keeps working; the removed scope is refused.
    await waitFor(
      'the narrowed key in force',
      async () => (await api.call('GET', '/v1/leads', { token: secret, ip: '203.0.113.5' })).status === 403,
      { timeoutMs: 10_000 },
    );
    expect((await api.call('GET', '/v1/projects', { token: secret, ip: '203.0.113.5' })).status).toBe(200);
    // Nothing left to narrow but what the use decides.
    const again = await api.call('GET', `/admin/keys/${id}/recommendation`, { token: owner });
    expect(again.body['unused_scopes']).toEqual([]);
  });

  it("another organisation's key is not found; a member reads it but cannot apply it", async () => {
    const created = await api.call('POST', '/admin/keys', {
      token: owner,
      body: { name: 'k', scopes: ['projects:read'], expires_in_days: 7 },
    });
    const id = created.body['id'] as string;
    const other = await api.login('owner@globex.example', PASSWORD);
    expect((await api.call('GET', `/admin/keys/${id}/recommendation`, { token: other })).status).toBe(404);
    const member = await api.login('member@acme.example', PASSWORD);
    // A read like the key itself (ADR 0019); applying it is the PATCH, which a member may not send.
    const read = await api.call('GET', `/admin/keys/${id}/recommendation`, { token: member });
    expect(read.status).toBe(200);
    expect(
      (await api.call('PATCH', `/admin/keys/${id}`, { token: member, body: { scopes: ['projects:read'] } }))
        .status,
    ).toBe(403);
    const idle = await api.call('GET', `/admin/keys/${id}/recommendation`, { token: owner });
    expect(idle.status).toBe(200);
    expect(idle.body).toMatchObject({ requests: 0, proposed: {}, unused_scopes: [] });
  });
});
