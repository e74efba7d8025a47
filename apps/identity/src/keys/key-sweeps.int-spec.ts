import { createKeyRequest, listKeysQuery } from '@latchkey/api-routes';
import { OrganisationSchema } from '../organisations';
import { IdentityUnderTest } from '../testing';
import { ApiKeySchema, ApiKeySecretSchema, toSnapshot } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { KeyExpirySweeper } from './key-expiry-sweeper.service';
import { KeysModule } from './keys.module';
import { KeysService } from './keys.service';

jest.setTimeout(180_000);

const DAY = 86_400_000;
const ctx = { actor: { type: 'user' as const, id: 'usr_sweeps_test' } };
const request = (overrides: Record<string, unknown> = {}) =>
  createKeyRequest.parse({ name: 'k', scopes: ['projects:read'], ...overrides });
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

/** Expiry warnings and dormancy on a real PostgreSQL and NATS, with sweeps racing each other. */
describe('key sweeps: expiry warnings and dormancy (real PostgreSQL and NATS)', () => {
  let identity: IdentityUnderTest;
  let keys: KeysService;
  let sweeper: KeyExpirySweeper;
  let repository: ApiKeyRepository;

  beforeAll(async () => {
    identity = await IdentityUnderTest.start({
      modules: [KeysModule],
      entities: [OrganisationSchema, ApiKeySchema, ApiKeySecretSchema],
      // The periodic sweep stays out of the way: the tests sweep at the times they choose.
      env: { EXPIRY_SWEEP_MS: '3600000' },
    });
    keys = identity.get(KeysService);
    sweeper = identity.get(KeyExpirySweeper);
    repository = identity.get(ApiKeyRepository);
  });

  afterAll(async () => {
    await identity?.close();
  });

  const eventsOf = async (orgId: string, type: string) =>
    (await identity.outbox(orgId)).filter((e) => e.type === type);
  /** Two sweeps at once, as two identity replicas would run them. */
  const race = <T>(sweep: () => Promise<T>) => Promise.all([sweep(), sweep()]);

  it('each expiry warning (30, 7, 1 days) is sent exactly once per key, even with two sweeps racing', async () => {
    const orgId = await identity.organisation();
    const created = new Date();
    const key = await keys.create({ orgId, scopes: ['*'] }, request({ expires_in_days: 30 }), ctx, created);
    const expiresAt = at(created, 30 * DAY);
    // Outside every window: nothing.
    await race(() => sweeper.warn(at(created, -DAY)));
    expect(await eventsOf(orgId, 'key.expiring')).toEqual([]);
    for (const [when, days] of [
      [at(created, 60_000), 30],
      [at(expiresAt, -6.5 * DAY), 7],
      [at(expiresAt, -3_600_000), 1],
    ] as const) {
      await race(() => sweeper.warn(when));
      await race(() => sweeper.warn(at(when, 60_000)));
      const warnings = await eventsOf(orgId, 'key.expiring');
      expect(warnings.at(-1)?.data).toMatchObject({
        key_id: key.id,
        name: 'k',
        expires_at: expiresAt.toISOString(),
        days_left: days,
        actor: { type: 'system' },
      });
    }
    expect((await eventsOf(orgId, 'key.expiring')).map((e) => e.data['days_left'])).toEqual([30, 7, 1]);
    const recorded = await identity.sql<{ days_left: number }>(
      `select days_left from identity.key_expiry_warnings where key_id = $1 order by days_left desc`,
      [key.id],
    );
    expect(recorded.map((r) => r.days_left)).toEqual([30, 7, 1]);
  });

  it('a key given a new expiry by rotation is warned again for its new expiry', async () => {
    const orgId = await identity.organisation();
    const created = new Date();
    const key = await keys.create({ orgId, scopes: ['*'] }, request({ expires_in_days: 7 }), ctx, created);
    await sweeper.warn(at(created, 60_000));
    // Issued for seven days: warned once, "7 days", never "30 days" as well.
    expect((await eventsOf(orgId, 'key.expiring')).map((e) => e.data['days_left'])).toEqual([7]);
    const renewedAt = at(created, 2 * DAY);
    await keys.rotate(orgId, key.id, { expires_in_days: 30 }, ctx, renewedAt);
    await race(() => sweeper.warn(at(renewedAt, 60_000)));
    const warnings = await eventsOf(orgId, 'key.expiring');
    expect(warnings.map((e) => e.data['days_left'])).toEqual([7, 30]);
    expect(warnings[1]?.data['expires_at']).toBe(at(renewedAt, 30 * DAY).toISOString());
  });

  it('an unused key is disabled once as dormant by racing sweeps, refused in its snapshot, and listed as dormant', async () => {
    const orgId = await identity.organisation({ dormant_after_days: 7 });
    const created = new Date();
    const key = await keys.create({ orgId, scopes: ['*'] }, request({ expires_at: null }), ctx, created);
    const used = await keys.create({ orgId, scopes: ['*'] }, request({ expires_at: null }), ctx, created);
    await repository.recordUse(new Map([[used.id, at(created, 5 * DAY)]]));
    // A day short of the rule: still active.
    await race(() => sweeper.disableDormant(at(created, 6 * DAY)));
    expect(await eventsOf(orgId, 'key.dormant')).toEqual([]);
    const sweptAt = at(created, 8 * DAY);
    await race(() => sweeper.disableDormant(sweptAt));
    const dormant = await eventsOf(orgId, 'key.dormant');
    // The used key's clock counts from its last use (day 5): not yet dormant.
    expect(dormant.map((e) => e.subject)).toEqual([key.id]);
    expect(dormant[0]?.data).toMatchObject({
      key_id: key.id,
      dormant_after_days: 7,
      last_used_at: null,
      actor: { type: 'system' },
    });
    const row = await repository.find(key.id, orgId);
    expect(row && toSnapshot(row, sweptAt).status).toBe('dormant');
    const view = await keys.get(orgId, key.id, sweptAt);
    expect(view).toMatchObject({ status: 'dormant', dormant_at: sweptAt.toISOString() });
    const listed = await keys.list(orgId, listKeysQuery.parse({ status: 'dormant' }), sweptAt);
    expect(listed.data.map((k) => k.id)).toEqual([key.id]);
    const active = await keys.list(orgId, listKeysQuery.parse({ status: 'active' }), sweptAt);
    expect(active.data.map((k) => k.id)).toEqual([used.id]);
  });

  it('enabling a dormant key restores it and restarts its clock; it becomes dormant again only after the full period', async () => {
    const orgId = await identity.organisation({ dormant_after_days: 7 });
    const created = new Date();
    const key = await keys.create({ orgId, scopes: ['*'] }, request({ expires_at: null }), ctx, created);
    await sweeper.disableDormant(at(created, 8 * DAY));
    const enabledAt = at(created, 9 * DAY);
    const enabled = await keys.enable(orgId, key.id, ctx, enabledAt);
    expect(enabled).toMatchObject({ status: 'active', dormant_at: null });
    expect(enabled.propagation).toMatchObject({ replicas_confirmed: expect.any(Number) });
    const [event] = await eventsOf(orgId, 'key.enabled');
    expect(event?.data).toMatchObject({
      key_id: key.id,
      dormant_at: at(created, 8 * DAY).toISOString(),
      actor: ctx.actor,
    });
    // The next sweeps do not disable it again at once…
    await race(() => sweeper.disableDormant(at(enabledAt, 60_000)));
    await race(() => sweeper.disableDormant(at(enabledAt, 6 * DAY)));
    expect(await eventsOf(orgId, 'key.dormant')).toHaveLength(1);
    // …only a full period after being enabled.
    await sweeper.disableDormant(at(enabledAt, 7 * DAY + 60_000));
    expect(await eventsOf(orgId, 'key.dormant')).toHaveLength(2);
  });

  it('enabling a key that is not dormant is a conflict and changes nothing', async () => {
    const orgId = await identity.organisation({ dormant_after_days: 7 });
    const key = await keys.create({ orgId, scopes: ['*'] }, request({ expires_in_days: 30 }), ctx);
    await expect(keys.enable(orgId, key.id, ctx)).rejects.toMatchObject({ code: 'conflict' });
    expect(await eventsOf(orgId, 'key.enabled')).toEqual([]);
    const other = await identity.organisation();
    await expect(keys.enable(other, key.id, ctx)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a policy without dormant_after_days never disables a key', async () => {
    const orgId = await identity.organisation();
    const created = new Date();
    await keys.create({ orgId, scopes: ['*'] }, request({ expires_at: null }), ctx, created);
    await sweeper.disableDormant(at(created, 3650 * DAY));
    expect(await eventsOf(orgId, 'key.dormant')).toEqual([]);
  });

  it('the list filters keys expiring within N days', async () => {
    const orgId = await identity.organisation();
    const soon = await keys.create({ orgId, scopes: ['*'] }, request({ expires_in_days: 7 }), ctx);
    await keys.create({ orgId, scopes: ['*'] }, request({ expires_in_days: 60 }), ctx);
    await keys.create({ orgId, scopes: ['*'] }, request({ expires_at: null }), ctx);
    const within = await keys.list(orgId, listKeysQuery.parse({ expiring_within_days: '10' }));
    expect(within.data.map((k) => k.id)).toEqual([soon.id]);
    const wider = await keys.list(orgId, listKeysQuery.parse({ expiring_within_days: '61', q: 'k' }));
    expect(wider.data).toHaveLength(2);
  });
});
