import { OutboxRelayService } from '@latchkey/runtime';
import { ApiKeySchema, ApiKeySecretSchema } from '../keys';
import { OrganisationSchema } from '../organisations';
import { IdentityUnderTest } from '../testing';
import { WebhookConnectionSchema } from './webhook-connection.entity';
import { WebhooksModule } from './webhooks.module';
import { WebhooksService } from './webhooks.service';

jest.setTimeout(180_000);

const ctx = { actor: { type: 'user' as const, id: 'usr_webhooks_test' } };

/** Webhook connections on a real PostgreSQL and NATS: a connection and its key change together. */
describe('webhook connections (real PostgreSQL and NATS)', () => {
  let identity: IdentityUnderTest;
  let webhooks: WebhooksService;

  beforeAll(async () => {
    identity = await IdentityUnderTest.start({
      modules: [WebhooksModule],
      entities: [OrganisationSchema, ApiKeySchema, ApiKeySecretSchema, WebhookConnectionSchema],
    });
    webhooks = identity.get(WebhooksService);
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await identity?.close();
  });

  const create = (orgId: string) => webhooks.create(orgId, { name: 'crm', environment: 'live' }, ctx);
  const rows = async (connectionId: string, keyId: string) => ({
    connection: (
      await identity.sql<{ status: string }>(
        `select status from identity.webhook_connections where id = $1`,
        [connectionId],
      )
    )[0]?.status,
    key: (
      await identity.sql<{ status: string }>(`select status from identity.api_keys where id = $1`, [keyId])
    )[0]?.status,
  });

  it('a connection gets its own key, restricted to the connection’s ingest path, with key.created', async () => {
    const orgId = await identity.organisation();
    const connection = await create(orgId);
    expect(connection.secret).toMatch(/^lk_live_/);
    const key = (
      await identity.sql<{ scopes: string[]; allowed_paths: string[]; webhook_connection_id: string }>(
        `select scopes, allowed_paths, webhook_connection_id from identity.api_keys where id = $1`,
        [connection.key_id],
      )
    )[0];
    expect(key).toEqual({
      scopes: [`webhooks:write@${connection.id}`],
      allowed_paths: [`/v1/webhooks/${connection.id}/*`],
      webhook_connection_id: connection.id,
    });
    expect((await identity.outbox(orgId)).map((e) => e.type)).toEqual(['key.created']);
    expect((await webhooks.list(orgId)).data.map((c) => c.id)).toEqual([connection.id]);
  });

  it('creating a webhook connection nudges the relay after its key.created has committed', async () => {
    const orgId = await identity.organisation();
    const relay = identity.get(OutboxRelayService);
    const committedAtNudge: Promise<number>[] = [];
    const nudge = jest.spyOn(relay, 'nudge').mockImplementation(() => {
      // What another connection sees at the moment of the nudge: the event is committed already.
      committedAtNudge.push(
        identity
          .sql(`select 1 from identity.outbox where payload->>'orgid' = $1`, [orgId])
          .then((found) => found.length),
      );
    });
    await create(orgId);
    expect(nudge).toHaveBeenCalledTimes(1);
    expect(await Promise.all(committedAtNudge)).toEqual([1]);
  });

  it('revoking a connection revokes it and its key with key.revoked, in one transaction', async () => {
    const orgId = await identity.organisation();
    const connection = await create(orgId);
    const revoked = await webhooks.revoke(orgId, connection.id, ctx);
    expect(revoked).toMatchObject({ id: connection.id, status: 'revoked' });
    expect(revoked.revoked_at).not.toBeNull();
    expect(await rows(connection.id, connection.key_id)).toEqual({ connection: 'revoked', key: 'revoked' });
    expect((await identity.outbox(orgId)).map((e) => e.type)).toEqual(['key.created', 'key.revoked']);
  });

  it('a connection revocation that fails leaves its key, the key.revoked event and the connection as they were', async () => {
    const orgId = await identity.organisation();
    const connection = await create(orgId);
    // The connection's UPDATE fails: the key's revocation before it must not have committed alone.
    await identity.sql(`
      create or replace function identity.refuse_connection_revocation() returns trigger language plpgsql as $$
      begin
        if new.id = '${connection.id}' then raise exception 'refused by test'; end if;
        return new;
      end $$`);
    await identity.sql(`create trigger refuse_connection_revocation before update on identity.webhook_connections
      for each row execute function identity.refuse_connection_revocation()`);
    try {
      await expect(webhooks.revoke(orgId, connection.id, ctx)).rejects.toThrow(/refused by test/);
    } finally {
      await identity.sql(`drop trigger refuse_connection_revocation on identity.webhook_connections`);
    }
    expect(await rows(connection.id, connection.key_id)).toEqual({ connection: 'active', key: 'active' });
    expect((await identity.outbox(orgId)).map((e) => e.type)).toEqual(['key.created']);
  });

  it('regenerating a connection’s secret ends the old one at once and records key.rotated', async () => {
    const orgId = await identity.organisation();
    const connection = await create(orgId);
    const regenerated = await webhooks.regenerate(orgId, connection.id, ctx);
    expect(regenerated.secret).not.toEqual(connection.secret);
    const secrets = await identity.sql<{ valid_until: Date | null }>(
      `select valid_until from identity.api_key_secrets where key_id = $1 order by created_at`,
      [connection.key_id],
    );
    expect(secrets[0]?.valid_until?.getTime()).toBeLessThanOrEqual(Date.now());
    expect(secrets[1]?.valid_until).toBeNull();
    expect((await identity.outbox(orgId)).map((e) => e.type)).toEqual(['key.created', 'key.rotated']);
    await webhooks.revoke(orgId, connection.id, ctx);
    await expect(webhooks.regenerate(orgId, connection.id, ctx)).rejects.toThrow(/is revoked/);
  });
});
