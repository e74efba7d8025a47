import { createKeyRequest, listKeysQuery } from '@latchkey/api-routes';
import { waitFor } from '@latchkey/testing';
import { OrganisationSchema } from '../organisations';
import { IdentityUnderTest } from '../testing';
import { ApiKeySchema, ApiKeySecretSchema } from './api-key.entity';
import { KeysModule } from './keys.module';
import { KeysService, type KeyActor } from './keys.service';

jest.setTimeout(180_000);

const ctx = { actor: { type: 'user' as const, id: 'usr_keys_test' } };
const request = (overrides: Record<string, unknown> = {}) =>
  createKeyRequest.parse({ name: 'k', scopes: ['projects:read'], expires_in_days: 30, ...overrides });

/** The keys capability on a real PostgreSQL and NATS: every change and its events, together. */
describe('keys (real PostgreSQL and NATS)', () => {
  let identity: IdentityUnderTest;
  let keys: KeysService;

  beforeAll(async () => {
    identity = await IdentityUnderTest.start({
      modules: [KeysModule],
      entities: [OrganisationSchema, ApiKeySchema, ApiKeySecretSchema],
    });
    keys = identity.get(KeysService);
  });

  afterAll(async () => {
    await identity?.close();
  });

  const actorIn = async (): Promise<KeyActor> => ({ orgId: await identity.organisation(), scopes: ['*'] });
  const keyRow = async (id: string) =>
    (
      await identity.sql<{ status: string; revoked_reason: string | null }>(
        `select status, revoked_reason from identity.api_keys where id = $1`,
        [id],
      )
    )[0];

  it('a created key, its secret and key.created commit together; the secret is in the answer only', async () => {
    const actor = await actorIn();
    const created = await keys.create(actor, request(), ctx);
    expect(created.secret).toMatch(/^lk_live_/);
    expect(await keyRow(created.id)).toMatchObject({ status: 'active' });
    const events = await identity.outbox(actor.orgId);
    expect(events.map((e) => e.type)).toEqual(['key.created']);
    expect(events[0]?.data).toMatchObject({ key_id: created.id, scopes: ['projects:read'] });
    expect(JSON.stringify(events)).not.toContain(created.secret);
    const secrets = await identity.sql<{ secret_hash: string }>(
      `select secret_hash from identity.api_key_secrets where key_id = $1`,
      [created.id],
    );
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.secret_hash).not.toContain(created.secret);
  });

  it('a key the policy refuses leaves no key row and no event', async () => {
    const orgId = await identity.organisation({ max_key_lifetime_days: 7 });
    await expect(keys.create({ orgId, scopes: ['*'] }, request(), ctx)).rejects.toThrow(
      /max_key_lifetime_days/,
    );
    expect(await identity.sql(`select id from identity.api_keys where org_id = $1`, [orgId])).toEqual([]);
    expect(await identity.outbox(orgId)).toEqual([]);
  });

  it('a list shows only the organisation’s keys, newest first, page by page, without secrets', async () => {
    const actor = await actorIn();
    const other = await actorIn();
    const first = await keys.create(actor, request({ name: 'first' }), ctx);
    const second = await keys.create(actor, request({ name: 'second' }), ctx);
    await keys.create(other, request({ name: 'elsewhere' }), ctx);
    const page1 = await keys.list(actor.orgId, listKeysQuery.parse({ limit: 1 }));
    expect(page1.data.map((k) => k.id)).toEqual([second.id]);
    expect(page1.next_cursor).not.toBeNull();
    const page2 = await keys.list(actor.orgId, listKeysQuery.parse({ limit: 1, cursor: page1.next_cursor }));
    expect(page2.data.map((k) => k.id)).toEqual([first.id]);
    expect(page2.next_cursor).toBeNull();
    expect(JSON.stringify([page1, page2])).not.toContain(first.secret);
  });

  it('an update changes the key and records key.updated naming the fields; a revoked key refuses it', async () => {
    const actor = await actorIn();
    const created = await keys.create(actor, request(), ctx);
    const updated = await keys.update(actor, created.id, { name: 'renamed', scopes: ['leads:read'] }, ctx);
    expect(updated).toMatchObject({ name: 'renamed', scopes: ['leads:read'] });
    const event = (await identity.outbox(actor.orgId)).find((e) => e.type === 'key.updated');
    expect(event?.data).toMatchObject({
      key_id: created.id,
      changes: ['name', 'scopes'],
      diff: { name: { old: 'k', new: 'renamed' }, scopes: { old: ['projects:read'], new: ['leads:read'] } },
      scopes: ['leads:read'],
    });
    await keys.revoke(actor.orgId, created.id, 'done', ctx);
    await expect(keys.update(actor, created.id, { name: 'again' }, ctx)).rejects.toThrow(/is revoked/);
  });

  it('an update that sends every field but changes only the name records key.updated with the name alone', async () => {
    const actor = await actorIn();
    const created = await keys.create(actor, request({ allowed_ips: ['10.0.0.0/8'] }), ctx);
    await keys.update(
      actor,
      created.id,
      {
        name: 'renamed',
        description: created.description,
        scopes: [...created.scopes],
        allowed_paths: [...created.allowed_paths],
        allowed_ips: [...created.allowed_ips],
        rate_limit: { ...created.rate_limit },
      },
      ctx,
    );
    const events = (await identity.outbox(actor.orgId)).filter((e) => e.type === 'key.updated');
    expect(events.map((e) => ({ changes: e.data['changes'], diff: e.data['diff'] }))).toEqual([
      { changes: ['name'], diff: { name: { old: 'k', new: 'renamed' } } },
    ]);
  });

  it('an update that changes nothing records no event and keeps updated_at', async () => {
    const actor = await actorIn();
    const created = await keys.create(actor, request(), ctx);
    const stored = await keys.get(actor.orgId, created.id);
    const later = new Date(Date.now() + 60_000);
    const answered = await keys.update(
      actor,
      created.id,
      { name: 'k', scopes: ['projects:read'] },
      ctx,
      later,
    );
    expect(answered.updated_at).toBe(stored.updated_at);
    expect((await keys.get(actor.orgId, created.id)).updated_at).toBe(stored.updated_at);
    expect((await identity.outbox(actor.orgId)).map((e) => e.type)).toEqual(['key.created']);
  });

  it('a rotation issues a new secret, ends the old one at the grace end and records key.rotated', async () => {
    const actor = await actorIn();
    const created = await keys.create(actor, request(), ctx);
    const now = new Date();
    const rotated = await keys.rotate(actor.orgId, created.id, { grace_seconds: 60 }, ctx, now);
    expect(rotated.secret).not.toEqual(created.secret);
    expect(rotated.previous_secret_valid_until).toBe(new Date(now.getTime() + 60_000).toISOString());
    const secrets = await identity.sql<{ id: string; valid_until: Date | null }>(
      `select id, valid_until from identity.api_key_secrets where key_id = $1 order by created_at`,
      [created.id],
    );
    expect(secrets).toHaveLength(2);
    expect(secrets[0]?.valid_until?.toISOString()).toBe(rotated.previous_secret_valid_until);
    expect(secrets[1]?.valid_until).toBeNull();
    const event = (await identity.outbox(actor.orgId)).find((e) => e.type === 'key.rotated');
    expect(event?.data).toMatchObject({ old_secret_id: secrets[0]?.id, new_secret_id: secrets[1]?.id });
    expect(rotated.propagation).toEqual({ replicas_confirmed: 0, replicas_known: 0 });
  });

  it('a revocation and its key.revoked event commit in one transaction', async () => {
    const actor = await actorIn();
    const created = await keys.create(actor, request(), ctx);
    const revoked = await keys.revoke(actor.orgId, created.id, 'leaked', ctx);
    expect(revoked.status).toBe('revoked');
    expect(await keyRow(created.id)).toEqual({ status: 'revoked', revoked_reason: 'leaked' });
    const events = (await identity.outbox(actor.orgId)).filter((e) => e.type === 'key.revoked');
    expect(events.map((e) => e.data['reason'])).toEqual(['leaked']);
  });

  it('a revocation whose write fails leaves neither the revocation nor its event', async () => {
    const actor = await actorIn();
    const created = await keys.create(actor, request(), ctx);
    // The UPDATE of this key fails inside the transaction, after key.revoked was published in it.
    await identity.sql(`
      create or replace function identity.refuse_revocation() returns trigger language plpgsql as $$
      begin
        if new.id = '${created.id}' and new.status = 'revoked' then raise exception 'refused by test'; end if;
        return new;
      end $$`);
    await identity.sql(`create trigger refuse_revocation before update on identity.api_keys
      for each row execute function identity.refuse_revocation()`);
    try {
      await expect(keys.revoke(actor.orgId, created.id, 'leaked', ctx)).rejects.toThrow(/refused by test/);
    } finally {
      await identity.sql(`drop trigger refuse_revocation on identity.api_keys`);
    }
    expect(await keyRow(created.id)).toEqual({ status: 'active', revoked_reason: null });
    expect((await identity.outbox(actor.orgId)).map((e) => e.type)).toEqual(['key.created']);
  });

  it('a deleted key is gone from lists and lookups by id, and key.deleted is recorded', async () => {
    const actor = await actorIn();
    const created = await keys.create(actor, request(), ctx);
    await keys.delete(actor.orgId, created.id, ctx);
    await expect(keys.get(actor.orgId, created.id)).rejects.toThrow(/no key/);
    expect((await keys.list(actor.orgId, listKeysQuery.parse({}))).data).toEqual([]);
    expect((await identity.outbox(actor.orgId)).map((e) => e.type)).toEqual(['key.created', 'key.deleted']);
  });

  it('the relay publishes a committed change’s events to the stream', async () => {
    const actor = await actorIn();
    await keys.create(actor, request(), ctx);
    await waitFor(
      'key.created published',
      async () =>
        (
          await identity.sql(
            `select 1 from identity.outbox where payload->>'orgid' = $1 and published_at is not null`,
            [actor.orgId],
          )
        ).length === 1,
      { timeoutMs: 20_000 },
    );
  });
});
