import { randomBytes } from 'node:crypto';
import { sql, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(180_000);

const PASSWORD = 'latchkey-demo';
const LEAKED_FROM = '203.0.113.7';

/**
 * Blast-radius revocation (ADR 0025) through the gateway: a dry run names the keys and stores a
 * plan; executing the plan revokes exactly those keys, each refused at once, with their events.
 */
describe('bulk revocation: dry run, plan, execution', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let owner: string;
  let member: string;
  let otherOwner: string;
  const secrets = new Set<string>();

  beforeAll(async () => {
    env = await startStack('bulk-revoke', { gateway: { TRUSTED_PROXIES: '127.0.0.1' } });
    api = new GatewayClient(env.gateway);
    owner = await api.login('owner@acme.example', PASSWORD);
    member = await api.login('member@acme.example', PASSWORD);
    otherOwner = await api.login('owner@globex.example', PASSWORD);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function createKey(name: string, token = owner) {
    const response = await api.call('POST', '/admin/keys', {
      token,
      body: { name, scopes: ['projects:read'], expires_in_days: 30 },
    });
    expect(response.status).toBe(201);
    const secret = response.body['secret'] as string;
    secrets.add(secret);
    return { id: response.body['id'] as string, secret };
  }

  const projectsWith = (secret: string, ip?: string) =>
    api.call('GET', '/v1/projects', { token: secret, ...(ip ? { ip } : {}) });

  const bulk = (body: unknown, token = owner) => api.call('POST', '/admin/keys/bulk-revoke', { token, body });

  it('dry run lists every matching key and a plan; executing it revokes exactly those keys, each refused at once', async () => {
    const tag = `blast-${randomBytes(4).toString('hex')}`;
    const [a, b, c] = [await createKey(`${tag}-a`), await createKey(`${tag}-b`), await createKey(`${tag}-c`)];
    expect((await projectsWith(a.secret)).status).toBe(200);

    const dry = await bulk({ dry_run: true, filter: { q: tag }, reason: 'leaked CI runner' });
    expect(dry.status).toBe(200);
    expect(dry.body['dry_run']).toBe(true);
    expect(dry.body['count']).toBe(3);
    const planned = (dry.body['keys'] as { id: string }[]).map((k) => k.id).sort();
    expect(planned).toEqual([a.id, b.id, c.id].sort());
    const planId = dry.body['plan_id'] as string;
    expect(planId).toMatch(/^rvp_/);
    for (const secret of secrets) expect(JSON.stringify(dry.body)).not.toContain(secret);
    // A dry run revokes nothing.
    expect((await projectsWith(a.secret)).status).toBe(200);

    // After the dry run: a new key of the same name, and one planned key revoked on its own.
    const later = await createKey(`${tag}-later`);
    expect(
      (await api.call('POST', `/admin/keys/${c.id}/revoke`, { token: owner, body: { reason: 'single' } }))
        .status,
    ).toBe(200);

    const run = await bulk({ plan_id: planId });
    expect(run.status).toBe(200);
    expect(run.body['dry_run']).toBe(false);
    expect(run.body['count']).toBe(2);
    expect((run.body['revoked'] as { id: string }[]).map((k) => k.id).sort()).toEqual([a.id, b.id].sort());
    expect(run.body['skipped']).toEqual([{ id: c.id, name: `${tag}-c`, reason: 'already_revoked' }]);
    expect(run.body['replicas_known']).toBeGreaterThanOrEqual(1);
    expect(run.body['replicas_confirmed']).toBe(run.body['replicas_known']);

    // Right after the answer, every revoked key is refused at the gateway; the later key is not.
    expect((await projectsWith(a.secret)).status).toBe(401);
    expect((await projectsWith(b.secret)).status).toBe(401);
    expect((await projectsWith(later.secret)).status).toBe(200);

    // The events reach audit: one key.revoked per key, one keys.bulk_revoked for the plan.
    await waitFor(
      'keys.bulk_revoked in audit',
      async () => {
        const events = await api.call('GET', `/audit/events?type=keys.bulk_revoked&limit=50`, {
          token: owner,
        });
        return (events.body['data'] as { data: { plan_id: string } }[]).some(
          (e) => e.data.plan_id === planId,
        );
      },
      { timeoutMs: 20_000 },
    );
    const bulkEvents = await api.call('GET', `/audit/events?type=keys.bulk_revoked&limit=50`, {
      token: owner,
    });
    const event = (bulkEvents.body['data'] as { data: Record<string, unknown> }[]).find(
      (e) => e.data['plan_id'] === planId,
    )!;
    expect(event.data).toMatchObject({
      count: 2,
      reason: 'leaked CI runner',
      filter: { q: tag },
      skipped_key_ids: [c.id],
      actor: { type: 'user' },
    });
    for (const key of [a, b]) {
      await waitFor(
        `key.revoked of ${key.id} in audit`,
        async () => {
          const events = await api.call('GET', `/audit/events?type=key.revoked&key_id=${key.id}`, {
            token: owner,
          });
          return (events.body['data'] as { data: { reason: string } }[]).some(
            (e) => e.data.reason === 'leaked CI runner',
          );
        },
        { timeoutMs: 20_000 },
      );
    }
    for (const secret of secrets) expect(JSON.stringify(bulkEvents.body)).not.toContain(secret);

    // A plan runs once.
    const replay = await bulk({ plan_id: planId });
    expect(replay.status).toBe(409);
    expect(replay.body['code']).toBe('conflict');
    expect(String(replay.body['detail'])).toContain('already executed');
  });

  it('keys used from a leaked address or block are found by last_used_from', async () => {
    const tag = `addr-${randomBytes(4).toString('hex')}`;
    const leaked = await createKey(`${tag}-leaked`);
    const clean = await createKey(`${tag}-clean`);
    expect((await projectsWith(leaked.secret, LEAKED_FROM)).status).toBe(200);
    expect((await projectsWith(clean.secret, '198.51.100.20')).status).toBe(200);
    // Identity learns the addresses from the gateways' key.used events (flushed every 250 ms here).
    let found: string[] = [];
    await waitFor(
      'the addresses recorded',
      async () => {
        const dry = await bulk({
          dry_run: true,
          filter: { q: tag, last_used_from: '203.0.113.0/24' },
          reason: 'block leaked',
        });
        found = (dry.body['keys'] as { id: string }[]).map((k) => k.id);
        return found.length > 0;
      },
      { timeoutMs: 20_000 },
    );
    expect(found).toEqual([leaked.id]);
    const exact = await bulk({ dry_run: true, filter: { last_used_from: LEAKED_FROM, q: tag }, reason: 'x' });
    expect((exact.body['keys'] as { id: string }[]).map((k) => k.id)).toEqual([leaked.id]);
  });

  it("another organisation's plan is not found, and nothing it names is revoked", async () => {
    const key = await createKey(`other-${randomBytes(4).toString('hex')}`);
    const dry = await bulk({ dry_run: true, filter: { ids: [key.id] }, reason: 'r' });
    expect(dry.body['count']).toBe(1);
    const stolen = await bulk({ plan_id: dry.body['plan_id'] }, otherOwner);
    expect(stolen.status).toBe(404);
    expect(stolen.body['code']).toBe('not_found');
    expect((await projectsWith(key.secret)).status).toBe(200);
    // The other organisation's keys are never in a plan of this one.
    const others = await bulk({ dry_run: true, filter: { status: 'active' }, reason: 'r' }, otherOwner);
    expect((others.body['keys'] as { id: string }[]).map((k) => k.id)).not.toContain(key.id);
  });

  it('an expired plan is refused with a clear conflict, and revokes nothing', async () => {
    const key = await createKey(`expired-${randomBytes(4).toString('hex')}`);
    const dry = await bulk({ dry_run: true, filter: { ids: [key.id] }, reason: 'r' });
    await sql(
      env.db.url,
      `update identity.key_revocation_plans set expires_at = now() - interval '1 second' where id = $1`,
      [dry.body['plan_id']],
    );
    const run = await bulk({ plan_id: dry.body['plan_id'] });
    expect(run.status).toBe(409);
    expect(String(run.body['detail'])).toContain('expired');
    expect((await projectsWith(key.secret)).status).toBe(200);
  });

  it('bad input is a 400, a member is refused, and neither stores or revokes anything', async () => {
    const before = await sql(env.db.url, 'select count(*)::int as n from identity.key_revocation_plans');
    for (const body of [
      { dry_run: true, filter: {}, reason: 'r' },
      { dry_run: true, filter: { last_used_from: '10.0.0.0/33' }, reason: 'r' },
      { dry_run: true, filter: { environment: 'test' } },
      { dry_run: false, filter: { environment: 'test' }, reason: 'r' },
      { plan_id: 'not-a-plan' },
    ]) {
      const response = await bulk(body);
      expect(response.status).toBe(400);
      expect(response.body['code']).toBe('invalid_request');
    }
    const unknown = await bulk({ plan_id: 'rvp_01J00000000000000000000000' });
    expect(unknown.status).toBe(404);
    const refused = await bulk({ dry_run: true, filter: { environment: 'test' }, reason: 'r' }, member);
    expect(refused.status).toBe(403);
    expect(await sql(env.db.url, 'select count(*)::int as n from identity.key_revocation_plans')).toEqual(
      before,
    );
  });
});
