import { createUser } from '@nats-io/nkeys';
import { freePort, sql, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(300_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const freshSeed = () => new TextDecoder().decode(createUser().getSeed());

/**
 * The runbook "Rotate NATS credentials" (docs/operations.md), with traffic flowing through the
 * gateway: the server lists old and new keys, the gateway (a new replica takes over) and audit
 * (restarted) move to their new seeds, the old keys are dropped. No request fails, no event is lost.
 */
describe('NATS credentials rotate while requests flow', () => {
  let env: RunningStack;

  beforeAll(async () => {
    env = await startStack('nats-rotation', { gateway: { TRUSTED_PROXIES: '127.0.0.1' } });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it("the gateway's and audit's nkeys are replaced with zero failed requests and zero lost events", async () => {
    const nats = env.bus.server;
    const owner = await new GatewayClient(env.gateway).login('owner@acme.example', 'latchkey-demo');
    const admin = new GatewayClient(env.gateway);
    const keys: { id: string; secret: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const created = await admin.call('POST', '/admin/keys', {
        token: owner,
        body: {
          name: `rotation-${i}`,
          scopes: ['projects:read'],
          expires_in_days: 7,
          rate_limit: { limit: 1_000_000, window_seconds: 60 },
        },
      });
      expect(created.status).toBe(201);
      keys.push({ id: created.body['id'] as string, secret: created.body['secret'] as string });
    }

    // Where the load balancer sends requests: a replica leaves it before it is stopped.
    let gateways = [env.gateway];
    const served = new Map<string, number>(keys.map((k) => [k.id, 0]));
    const failures: string[] = [];
    const createdIds: string[] = [];
    let running = true;
    let n = 0;
    async function traffic(): Promise<void> {
      while (running) {
        const i = n++;
        const key = keys[i % keys.length]!;
        const base = gateways[i % gateways.length]!;
        const client = new GatewayClient(base);
        const read = await client
          .call('GET', '/v1/projects', { token: key.secret })
          .catch((error: unknown) => ({
            status: 0,
            body: { error: String(error) } as Record<string, unknown>,
          }));
        if (read.status === 200) served.set(key.id, served.get(key.id)! + 1);
        else failures.push(`GET ${base}: ${read.status} ${JSON.stringify(read.body)}`);
        // Identity's events through its outbox, while the bus changes keys.
        if (i % 10 === 0) {
          const made = await client
            .call('POST', '/admin/keys', {
              token: owner,
              body: { name: `during-${i}`, scopes: ['projects:read'], expires_in_days: 7 },
            })
            .catch((error: unknown) => ({
              status: 0,
              body: { error: String(error) } as Record<string, unknown>,
            }));
          if (made.status === 201) createdIds.push(made.body['id'] as string);
          else failures.push(`POST ${base}: ${made.status} ${JSON.stringify(made.body)}`);
        }
      }
    }
    const workers = [traffic(), traffic(), traffic()];
    await sleep(1000);

    const oldGateway = nats.seedOf('gateway');
    const oldAudit = nats.seedOf('audit');
    const newGateway = freshSeed();
    const newAudit = freshSeed();
    // 1. The server accepts old and new keys (configuration reloaded, nobody disconnected).
    await nats.setSeeds({ gateway: [oldGateway, newGateway], audit: [oldAudit, newAudit] });
    await sleep(500);
    // 2. A gateway on the new key joins; the old one leaves the rotation, then stops.
    const replica = await env.stack.spawnGateway('gateway-new-key', await freePort(), {
      NATS_NKEY_SEED: newGateway,
    });
    gateways = [env.gateway, replica];
    await sleep(1000);
    gateways = [replica];
    await sleep(500);
    await env.stack.stop('gateway');
    // 3. Audit restarts on its new key (events wait in the stream meanwhile).
    await env.stack.stop('audit');
    env.stack.options.secrets['NATS_SEED_AUDIT'] = newAudit;
    env.stack.spawn('audit');
    await env.stack.waitReady('audit');
    // 4. Only the new keys remain: the old ones are refused from now on.
    await nats.setSeeds({ gateway: [newGateway], audit: [newAudit] });
    await sleep(1500);
    running = false;
    await Promise.all(workers);

    await expect(nats.connect('gateway', oldGateway)).rejects.toThrow(/authorization/i);
    await expect(nats.connect('audit', oldAudit)).rejects.toThrow(/authorization/i);
    expect(failures).toEqual([]);
    const total = [...served.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(50);
    expect(createdIds.length).toBeGreaterThan(3);

    // Zero lost events: every key made during the rotation is in the trail, and the trail counts
    // every request the gateways served with each key (key.used, from both gateways).
    await waitFor(
      'the trail to hold every event',
      async () => {
        const createdRows = await sql<{ n: number }>(
          env.db.url,
          `select count(distinct key_id)::int as n from audit.events where type = 'key.created' and key_id = any($1)`,
          [createdIds],
        );
        const used = await sql<{ key_id: string; n: number }>(
          env.db.url,
          `select key_id, sum((data->>'requests')::int)::int as n from audit.events
            where type = 'key.used' and key_id = any($1) group by key_id`,
          [keys.map((k) => k.id)],
        );
        const counted = new Map(used.map((r) => [r.key_id, r.n]));
        return (
          createdRows[0]?.n === createdIds.length && keys.every((k) => counted.get(k.id) === served.get(k.id))
        );
      },
      { timeoutMs: 30_000 },
    );
  });
});
