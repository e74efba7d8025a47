import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { BusMessagePurpose, EventType, eventSourceOf, subjectsFor } from '@latchkey/contracts';
import {
  attestLookupReply,
  ed25519SigningRing,
  generateSecret,
  hashSecret,
  hmacRing,
  newBusNonce,
  signAnnouncement,
} from '@latchkey/auth-core';
import { rawCloudEvent, sql, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

const PASSWORD = 'latchkey-demo';

/**
 * A client on the bus that is not a Latchkey service (ADR 0015): it answers lookups, announces
 * invalidations, heartbeats and rate-limit counts, and publishes events. The bus admits only its
 * users, each to its own subjects (ADR 0014), so the rogue holds stolen credentials: identity's to
 * answer lookups and announce invalidations, a gateway's for heartbeats, counts and confirmations.
 * None of it may decide anything.
 */
describe('bus trust: only authenticated messages decide access', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let owner: string;
  /** The rogue with identity's credentials, and with a gateway's. */
  let rogue: NatsConnection;
  let rogueGateway: NatsConnection;
  let operator: NatsConnection;
  let subjects: ReturnType<typeof subjectsFor>;
  let orgId: string;

  beforeAll(async () => {
    // Known keys stay fresh for a minute: with identity stopped, a cached webhook key still reaches
    // data-api, whose own lookup the rogue then answers.
    env = await startStack('bus-trust', {
      gateway: { KEY_CACHE_TTL_MS: '60000', KEY_CACHE_MAX_STALE_MS: '60000' },
    });
    api = new GatewayClient(env.gateway);
    owner = await api.login('owner@acme.example', PASSWORD);
    orgId = env.orgs[0]!.org_id;
    subjects = subjectsFor(env.bus.subjectPrefix);
    rogue = await env.bus.server.connect('identity');
    rogueGateway = await env.bus.server.connect('gateway');
    operator = await env.bus.server.connect('operator');
  });

  afterAll(async () => {
    await rogue?.close();
    await rogueGateway?.close();
    await operator?.close();
    await env?.teardown();
  });

  async function createKey(rateLimit = { limit: 10_000, window_seconds: 60 }) {
    const created = await api.call('POST', '/admin/keys', {
      token: owner,
      body: { name: 'bus-trust', scopes: ['projects:read'], expires_in_days: 7, rate_limit: rateLimit },
    });
    expect(created.status).toBe(201);
    return { id: created.body['id'] as string, secret: created.body['secret'] as string };
  }

  /** The rogue's messages are at the server, and delivered (a local delivery takes about a millisecond). */
  async function settle(): Promise<void> {
    await rogue.flush();
    await rogueGateway.flush();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  const projects = (secret: string) => api.call('GET', '/v1/projects', { token: secret });

  async function refused(
    service: 'gateway' | 'identity' | 'data-api',
    kind: string,
    reason: string,
  ): Promise<number> {
    const text = await (await fetch(`${env.stack.opsUrl(service)}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`latchkey_bus_messages_refused_total{kind="${kind}",reason="${reason}"}`));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  /** A key pair identity does not hold, under identity's kid. */
  function rogueIdentityRing() {
    const kid = (JSON.parse(env.secrets['BUS_PUBLIC_KEYS']!) as { kid: string }[])[0]!.kid;
    const { privateKey } = generateKeyPairSync('ed25519');
    return ed25519SigningRing([{ ...(privateKey.export({ format: 'jwk' }) as Record<string, string>), kid }]);
  }

  it('a forged or unsigned invalidation revokes nothing, and is counted', async () => {
    const key = await createKey();
    expect((await projects(key.secret)).status).toBe(200);
    rogue.publish(subjects.keyInvalidate, JSON.stringify({ key_id: key.id, revoked: true }));
    rogue.publish(
      subjects.keyInvalidate,
      JSON.stringify(
        signAnnouncement(
          BusMessagePurpose.KeyInvalidation,
          'identity-rogue',
          Date.now() * 1000,
          { key_id: key.id, revoked: true },
          rogueIdentityRing(),
        ),
      ),
    );
    await settle();
    expect((await projects(key.secret)).status).toBe(200);
    expect(await refused('gateway', 'key_invalidation', 'forged')).toBeGreaterThanOrEqual(1);
    expect(await refused('gateway', 'key_invalidation', 'unsigned')).toBeGreaterThanOrEqual(1);
  });

  it('forged rate-limit counts neither inflate a limit nor take effect, and are counted', async () => {
    const key = await createKey({ limit: 3, window_seconds: 60 });
    const windowMs = 60_000;
    const start = Date.now() - (Date.now() % windowMs);
    const counts = [[key.id, 60, start, 1000]];
    rogueGateway.publish(subjects.rateLimitSync, JSON.stringify({ gateway: 'gw-rogue', counts }));
    const otherMac = hmacRing([{ kid: 'sync-rogue', k: randomBytes(32).toString('base64url') }]);
    rogueGateway.publish(
      subjects.rateLimitSync,
      JSON.stringify(
        signAnnouncement(
          BusMessagePurpose.RateLimitSync,
          'gw-rogue',
          Date.now() * 1000,
          { counts },
          otherMac,
        ),
      ),
    );
    await settle();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await projects(key.secret)).status);
    // The key's own limit, and nothing else, decides.
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await refused('gateway', 'rate_limit_sync', 'unsigned')).toBeGreaterThanOrEqual(1);
    expect(await refused('gateway', 'rate_limit_sync', 'unknown_key')).toBeGreaterThanOrEqual(1);
  });

  it('a forged heartbeat is not a replica, and a forged confirmation confirms nothing', async () => {
    rogueGateway.publish(subjects.gatewayHeartbeat, JSON.stringify({ gateway: 'gw-rogue' }));
    const confirmer = rogueGateway.subscribe(subjects.keyInvalidate, {
      callback: (_error, msg) => {
        if (msg.reply) msg.respond(JSON.stringify({ gateway: 'gw-rogue', evicted: true }));
      },
    });
    try {
      await settle();
      const key = await createKey();
      const revoked = await api.call('POST', `/admin/keys/${key.id}/revoke`, {
        token: owner,
        body: { reason: 'bus trust test' },
      });
      expect(revoked.status).toBe(200);
      expect({
        known: revoked.body['replicas_known'],
        confirmed: revoked.body['replicas_confirmed'],
      }).toEqual({
        known: 1,
        confirmed: 1,
      });
      expect((await projects(key.secret)).status).toBe(401);
      expect(await refused('identity', 'gateway_heartbeat', 'unsigned')).toBeGreaterThanOrEqual(1);
      // The rogue's confirmation is refused when it arrives before the replica's, and not read at
      // all after it (identity stops once every known replica confirmed): no count to assert.
    } finally {
      confirmer.unsubscribe();
    }
  });

  describe('with identity silent, a rogue answers the lookups', () => {
    let genuine: { secret: string; reply: unknown };
    let responder: Subscription | undefined;
    let webhook: { id: string; secret: string };

    /** Answers every key lookup the way Nest's transport does, with `answer(question)`. */
    async function answerLookups(answer: (question: Record<string, unknown>) => unknown): Promise<void> {
      responder?.unsubscribe();
      responder = rogue.subscribe(subjects.keyLookup, {
        callback: (_error, msg) => {
          const packet = msg.json<{ id: string; data: Record<string, unknown> }>();
          msg.respond(JSON.stringify({ id: packet.id, response: answer(packet.data), isDisposed: true }));
        },
      });
      // The subscription holds at the server before any lookup is sent.
      await rogue.flush();
    }

    function forgedSnapshot() {
      return {
        found: true,
        key: {
          key_id: 'key_01JROGUE000000000000000000',
          org_id: orgId,
          public_id: 'lk_pub_rogue000000000000000000',
          status: 'active',
          environment: 'live',
          scopes: ['*'],
          allowed_paths: [],
          allowed_ips: [],
          rate_limit: { limit: 1000, window_seconds: 60 },
          expires_at: null,
          secret_valid_until: null,
        },
      };
    }

    beforeAll(async () => {
      // A reply identity really signed, for a real key: what a rogue could have captured.
      const key = await createKey();
      const request = {
        secret_hash: hashSecret(env.secrets['KEY_PEPPER']!, key.secret),
        nonce: newBusNonce(),
      };
      const reply = await rogueGateway.request(
        subjects.keyLookup,
        JSON.stringify({ pattern: subjects.keyLookup, data: request, id: 'capture-1' }),
        { timeout: 5000 },
      );
      genuine = { secret: key.secret, reply: reply.json<{ response: unknown }>().response };
      expect((genuine.reply as { found?: boolean }).found).toBe(true);
      // A webhook connection whose key the gateway holds (fresh for a minute).
      const connection = await api.call('POST', '/admin/webhooks', { token: owner, body: { name: 'Bus' } });
      webhook = { id: connection.body['id'] as string, secret: connection.body['secret'] as string };
      const accepted = await ingest(webhook, 'evt-bus-1');
      expect(accepted.status).toBe(202);
      await env.stack.stop('identity');
    });

    function ingest(hook: { id: string; secret: string }, idempotencyKey: string) {
      return api.call('POST', `/v1/webhooks/${hook.id}/events`, {
        token: hook.secret,
        headers: { 'idempotency-key': idempotencyKey },
        body: { type: 'payment.succeeded', amount: 4200 },
      });
    }

    it('data-api refuses a forged webhook-connection reply like no answer, and stores nothing', async () => {
      const forged = rogue.subscribe(subjects.webhookConnectionLookup, {
        callback: (_error, msg) => {
          const packet = msg.json<{ id: string }>();
          msg.respond(JSON.stringify({ id: packet.id, response: { found: false }, isDisposed: true }));
        },
      });
      try {
        await rogue.flush();
        const answer = await ingest(webhook, 'evt-bus-2');
        // A forged "no such connection" would be a 404; identity's word is missing: 502.
        expect(answer.status).toBe(502);
        expect(answer.body['code']).toBe('upstream_unavailable');
        expect(
          await sql(env.db.url, "select id from data.webhook_events where idempotency_key = 'evt-bus-2'"),
        ).toEqual([]);
        expect(
          await refused('data-api', 'webhook_connection_lookup_reply', 'unsigned'),
        ).toBeGreaterThanOrEqual(1);
      } finally {
        forged.unsubscribe();
      }
    });

    afterAll(async () => {
      responder?.unsubscribe();
      // The last test brings identity back itself; only if it did not get that far.
      if (!env.stack.running('identity')) {
        env.stack.spawn('identity');
        await env.stack.waitReady('identity');
      }
    });

    it('a forged snapshot (unsigned, or signed by another key) is refused like no answer', async () => {
      await answerLookups(() => forgedSnapshot());
      const unsigned = await projects(generateSecret('live'));
      expect(unsigned.status).toBe(502);
      expect(unsigned.body['code']).toBe('upstream_unavailable');
      expect(await refused('gateway', 'key_lookup_reply', 'unsigned')).toBeGreaterThanOrEqual(1);

      const ring = rogueIdentityRing();
      await answerLookups((question) =>
        attestLookupReply(
          BusMessagePurpose.KeyLookupReply,
          question as { nonce: string },
          forgedSnapshot(),
          ring,
        ),
      );
      const forged = await projects(generateSecret('live'));
      expect(forged.status).toBe(502);
      expect(await refused('gateway', 'key_lookup_reply', 'forged')).toBeGreaterThanOrEqual(1);
    });

    it('a genuine reply replayed for another lookup is refused', async () => {
      await answerLookups(() => genuine.reply);
      const replayed = await projects(generateSecret('live'));
      expect(replayed.status).toBe(502);
      expect(await refused('gateway', 'key_lookup_reply', 'wrong_request')).toBeGreaterThanOrEqual(1);
    });

    it('a refused reply is never cached: once identity answers again, the forged secret is unknown', async () => {
      const secret = generateSecret('live');
      await answerLookups(() => forgedSnapshot());
      expect((await projects(secret)).status).toBe(502);
      responder?.unsubscribe();
      responder = undefined;
      env.stack.spawn('identity');
      await env.stack.waitReady('identity');
      expect((await projects(secret)).status).toBe(401);
      expect((await projects(genuine.secret)).status).toBe(200);
    });
  });

  it('audit dead-letters an event of a type its producer may not emit', async () => {
    const js = jetstream(rogue);
    const event = rawCloudEvent({
      type: EventType.KeyRevoked,
      orgId,
      source: eventSourceOf('gateway'),
      subject: 'key_01JVICTIM00000000000000000',
      data: { key_id: 'key_01JVICTIM00000000000000000' },
    });
    const subject = subjects.event(orgId, EventType.KeyRevoked);
    await js.publish(subject, JSON.stringify(event));
    const jsm = await jetstreamManager(operator);
    const dlq = `${env.bus.stream}_DLQ`;
    await waitFor('a dead letter', async () => (await jsm.streams.info(dlq)).state.messages >= 1, {
      timeoutMs: 15_000,
    });
    const dead = await jsm.streams.getMessage(dlq, { seq: 1 });
    expect(dead?.header.get('Latchkey-Original-Subject')).toBe(subject);
    expect(dead?.header.get('Latchkey-Dead-Letter-Reason')).toMatch(/^wrong_producer /);
    expect(await sql(env.db.url, `select id from audit.events where id = '${event.id}'`)).toEqual([]);
    const metrics = await (await fetch(`${env.stack.opsUrl('audit')}/metrics`)).text();
    expect(metrics).toMatch(/audit_dead_letters_total\{reason="wrong_producer"\} 1/);
  });
});
