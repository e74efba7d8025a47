import { DEFAULT_POLICY, issuancePolicySchema } from '@latchkey/api-routes';
import { IdentityUnderTest } from '../testing';
import { OrganisationSchema } from './organisation.entity';
import { OrganisationsModule } from './organisations.module';
import { PolicyService } from './policy.service';

jest.setTimeout(180_000);

const ctx = { actor: { type: 'user' as const, id: 'usr_policy_test' } };
const policy = (rules: Record<string, unknown>) => issuancePolicySchema.parse(rules);
/** A policy as comparable text (jsonb keeps its own key order). */
const canonical = (value: unknown) =>
  JSON.stringify(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));

/** The issuance policy on a real PostgreSQL and NATS: every change audited, in its transaction. */
describe('organisation policy (real PostgreSQL and NATS)', () => {
  let identity: IdentityUnderTest;
  let policies: PolicyService;

  beforeAll(async () => {
    identity = await IdentityUnderTest.start({
      modules: [OrganisationsModule],
      entities: [OrganisationSchema],
    });
    policies = identity.get(PolicyService);
  });

  afterAll(async () => {
    await identity?.close();
  });

  it('an organisation that never set a policy reads the defaults', async () => {
    expect(await policies.get(await identity.organisation())).toEqual(DEFAULT_POLICY);
  });

  it('a replacement is stored with policy.updated naming both versions and the rules that changed', async () => {
    const orgId = await identity.organisation();
    const next = policy({ max_key_lifetime_days: 90, allow_never_expiring_keys: false });
    expect(await policies.replace(orgId, next, ctx)).toEqual(next);
    expect(await policies.get(orgId)).toEqual(next);
    const events = await identity.outbox(orgId);
    expect(events.map((e) => e.type)).toEqual(['policy.updated']);
    expect(events[0]?.data).toMatchObject({
      from: DEFAULT_POLICY,
      to: next,
      changes: ['max_key_lifetime_days', 'allow_never_expiring_keys'],
    });
  });

  it('a replacement that changes nothing records no event', async () => {
    const orgId = await identity.organisation();
    await policies.replace(orgId, DEFAULT_POLICY, ctx);
    expect(await identity.outbox(orgId)).toEqual([]);
  });

  it('token lifetimes beyond the longest key lifetime are refused: nothing stored, nothing recorded', async () => {
    const orgId = await identity.organisation();
    await expect(
      policies.replace(orgId, policy({ max_key_lifetime_days: 1, user_token_ttl_seconds: 2 * 86_400 }), ctx),
    ).rejects.toThrow(/user_token_ttl_seconds/);
    expect(await policies.get(orgId)).toEqual(DEFAULT_POLICY);
    expect(await identity.outbox(orgId)).toEqual([]);
  });

  it('concurrent replacements take turns: each event’s `from` is the policy it replaced', async () => {
    const orgId = await identity.organisation();
    const versions = [30, 60, 90, 120].map((days) => policy({ max_key_lifetime_days: days }));
    await Promise.all(versions.map((v) => policies.replace(orgId, v, ctx)));
    const events = await identity.outbox(orgId);
    expect(events).toHaveLength(versions.length);
    // One chain from the defaults through every version: no two replacements started from the same one.
    const remaining = events.map((e) => ({
      from: canonical(e.data['from']),
      to: canonical(e.data['to']),
    }));
    let current = canonical(DEFAULT_POLICY);
    while (remaining.length > 0) {
      const next = remaining.findIndex((e) => e.from === current);
      expect(next).toBeGreaterThanOrEqual(0);
      current = remaining.splice(next, 1)[0]!.to;
    }
    expect(current).toBe(canonical(await policies.get(orgId)));
  });
});
