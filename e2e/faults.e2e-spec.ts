import { generateDeploymentSecrets } from '@latchkey/runtime';
import {
  faultStack,
  migrateAll,
  seedAll,
  SERVICES,
  sql,
  Stack,
  waitFor,
  type FaultStack,
  type ServiceName,
} from '@latchkey/testing';
import { GatewayClient } from './identity-client';

jest.setTimeout(420_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Generous: a loaded two-core machine runs four services, three NATS nodes and PostgreSQL. */
const RECOVERY = { timeoutMs: 90_000, intervalMs: 500 };

interface Readiness {
  status: number;
  body: { status?: string; checks?: Record<string, string>; dependencies?: Record<string, string> };
}

/**
 * The faults production brings, against the whole stack on a three-node NATS cluster with the
 * deployment's authorization and a replicated stream: readiness means "this process can serve",
 * so no dependency's absence empties the Services, and every service comes back by itself.
 */
describe('faults that must not take the product down', () => {
  let env: FaultStack;
  let stack: Stack;
  let api: GatewayClient;
  let owner: string;

  beforeAll(async () => {
    const replicated = { STREAM_REPLICAS: '3' };
    env = await faultStack({
      name: 'faults',
      secrets: generateDeploymentSecrets(),
      env: {
        identity: replicated,
        'data-api': replicated,
        audit: replicated,
        gateway: { ...replicated, TRUSTED_PROXIES: '127.0.0.1', USER_RATE_LIMIT: '1000000' },
      },
    });
    await migrateAll(env.db.url);
    await seedAll(env.options);
    stack = new Stack(env.options);
    try {
      await stack.start();
    } catch (error) {
      await stack.stopAll();
      await env.remove();
      throw error;
    }
    api = new GatewayClient(stack.gatewayUrl);
    owner = await api.login('owner@acme.example', 'latchkey-demo');
  });

  afterAll(async () => {
    await stack?.stopAll();
    await env?.remove();
  });

  async function readiness(service: ServiceName): Promise<Readiness> {
    const response = await fetch(`${stack.opsUrl(service)}/readyz`);
    return { status: response.status, body: (await response.json()) as Readiness['body'] };
  }

  /** Samples every service's /readyz until stopped; the answers that were not 200. */
  function watchReadiness(): { stop(): Promise<string[]> } {
    const unready: string[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        for (const service of SERVICES) {
          const ready = await readiness(service).catch((error: unknown) => ({
            status: 0,
            body: { status: String(error) },
          }));
          if (ready.status !== 200) unready.push(`${service}: ${ready.status} ${JSON.stringify(ready.body)}`);
        }
        await sleep(250);
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        return unready;
      },
    };
  }

  async function createKey(name: string, scopes = ['projects:read', 'projects:write']): Promise<string> {
    const created = await api.call('POST', '/admin/keys', {
      token: owner,
      body: { name, scopes, expires_in_days: 7 },
    });
    expect(created.status).toBe(201);
    return created.body['secret'] as string;
  }

  /** A write through the gateway (a key lookup, data-api, its outbox) that reaches audit's record. */
  async function writeReachesAudit(secret: string, name: string): Promise<void> {
    const created = await api.call('POST', '/v1/projects', { token: secret, body: { name } });
    expect(created.status).toBe(201);
    await waitFor(
      `${name} in the audit record`,
      async () =>
        (
          await sql(
            env.db.url,
            "select 1 from audit.events where type = 'data.changed' and data->>'id' = $1",
            [created.body['id']],
          )
        ).length === 1,
      RECOVERY,
    );
  }

  /** Status, problem code and media type of an answer. */
  function answer(response: { status: number; body: Record<string, unknown>; headers: Headers }): string {
    const type = response.headers.get('content-type')?.split(';')[0];
    return `${response.status} ${String(response.body['code'])} ${String(type)}`;
  }

  async function dependencyGauge(service: ServiceName, dependency: string): Promise<string | undefined> {
    const text = await (await fetch(`${stack.opsUrl(service)}/metrics`)).text();
    return new RegExp(`^latchkey_dependency_up\\{dependency="${dependency}"\\} (\\d)`, 'm').exec(text)?.[1];
  }

  it('one NATS node killed: every service stays ready and requests keep succeeding', async () => {
    await writeReachesAudit(await createKey('before-node-loss'), 'before node loss');
    // The node leading the stream: its loss forces an election, the hardest single-node loss.
    const leader = await env.cluster.streamLeader(env.options.stream);
    const watch = watchReadiness();
    await env.cluster.kill(leader);
    try {
      // Clients on the killed node move to the others; JetStream elects new leaders meanwhile.
      // A key never seen (a lookup to identity), a write, its event in audit's record:
      for (let i = 0; i < 3; i++) {
        const secret = await createKey(`node-loss-${i}`);
        await waitFor(
          'a cache-miss lookup through the gateway',
          async () => (await api.call('GET', '/v1/projects', { token: secret })).status === 200,
          RECOVERY,
        );
        await writeReachesAudit(secret, `during node loss ${i}`);
      }
    } finally {
      const unready = await watch.stop();
      await env.cluster.restart(leader);
      expect(unready).toEqual([]);
    }
  });

  it('the whole bus down for 60 s: services stay up, report it, and recover by themselves', async () => {
    const cached = await createKey('cached-before-outage');
    expect((await api.call('GET', '/v1/projects', { token: cached })).status).toBe(200);
    const fetchedAt = Date.now();
    const watch = watchReadiness();
    await env.cluster.stop();
    const outageEnds = Date.now() + 60_000;
    try {
      // The gateway serves the key it holds within the staleness bound (KEY_CACHE_MAX_STALE_MS, 10 s):
      // reading needs neither identity nor NATS.
      const answers: string[] = [];
      while (Date.now() < fetchedAt + 8_000) {
        answers.push(answer(await api.call('GET', '/v1/projects', { token: cached })));
        await sleep(250);
      }
      expect(new Set(answers)).toEqual(new Set(['200 undefined application/json']));
      // Readiness is the process's own state: connections reconnecting are not closed. The
      // dependencies' absence is reported, in /readyz's body and in latchkey_dependency_up.
      for (const service of SERVICES) {
        await waitFor(
          `${service} reports NATS down`,
          async () =>
            (await readiness(service)).body.dependencies?.['nats'] !== 'ok' &&
            (await dependencyGauge(service, 'nats')) === '0',
          RECOVERY,
        );
      }
      // What needs no bus still works: signing in (identity and PostgreSQL).
      expect(await api.login('owner@acme.example', 'latchkey-demo')).toEqual(expect.any(String));
      await sleep(Math.max(0, outageEnds - Date.now()));
    } finally {
      // Whatever failed above, the next test gets its bus back.
      await env.cluster.resume();
    }

    // Every service is back by itself: a key never seen before is looked up over NATS, and the
    // write's event (held in data-api's outbox meanwhile) reaches audit.
    const fresh = await createKey('after-outage');
    await waitFor(
      'a cache-miss lookup after the outage',
      async () => (await api.call('GET', '/v1/projects', { token: fresh })).status === 200,
      RECOVERY,
    );
    await writeReachesAudit(fresh, 'after the outage');
    for (const service of SERVICES) {
      await waitFor(
        `${service} sees NATS and the stream again`,
        async () =>
          (await dependencyGauge(service, 'nats')) === '1' &&
          (await dependencyGauge(service, 'stream')) === '1',
        RECOVERY,
      );
    }
    expect(await watch.stop()).toEqual([]);
  });

  it('a 10 s PostgreSQL failover: ready throughout, cached keys served, 503 problems, then recovery', async () => {
    const secret = await createKey('cached-before-failover');
    expect((await api.call('GET', '/v1/projects', { token: secret })).status).toBe(200);
    // The gateway holds the key from this lookup on: it may serve it for KEY_CACHE_MAX_STALE_MS
    // (10 s, docs/operations.md "Bounded staleness"); requests within 8 s of it must be answered.
    const fetchedAt = Date.now();
    const watch = watchReadiness();
    await env.dbProxy.cut();
    const cutEnds = Date.now() + 10_000;
    const answers: string[] = [];
    try {
      // A write (data-api) and a read of the record (audit, with a user's token) need the database.
      answers.push(answer(await api.call('POST', '/v1/projects', { token: secret, body: { name: 'cut' } })));
      answers.push(answer(await api.call('GET', '/audit/events?limit=5', { token: owner })));
      while (Date.now() < fetchedAt + 8_000) {
        const read = await api.call('GET', '/v1/projects', { token: secret });
        answers.push(answer(read));
        await sleep(250);
      }
      const login = await api.call('POST', '/auth/login', {
        body: { email: 'owner@acme.example', password: 'latchkey-demo' },
      });
      answers.push(answer(login));
      await sleep(Math.max(0, cutEnds - Date.now()));
    } finally {
      await env.dbProxy.restore();
    }
    const unready = await watch.stop();
    expect(unready).toEqual([]);
    // The key was served from the cache (no 401, no 502 from the gateway); data-api, audit and
    // identity answered 503 problems: never a 500.
    expect(answers.length).toBeGreaterThan(0);
    expect(new Set(answers)).toEqual(new Set(['503 upstream_unavailable application/problem+json']));

    await waitFor(
      'data-api back after the failover',
      async () => (await api.call('GET', '/v1/projects', { token: secret })).status === 200,
      RECOVERY,
    );
    expect(await api.login('owner@acme.example', 'latchkey-demo')).toEqual(expect.any(String));
    await writeReachesAudit(await createKey('after-failover'), 'after the failover');
    for (const service of ['identity', 'data-api', 'audit'] as const) {
      await waitFor(
        `${service} sees PostgreSQL again`,
        async () => (await dependencyGauge(service, 'postgres')) === '1',
        RECOVERY,
      );
    }
  });
});
