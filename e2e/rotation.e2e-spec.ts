import { randomBytes } from 'node:crypto';
import { generateEd25519Jwk } from '@latchkey/runtime';
import { HttpBalancer, runLatchkey, sql, waitFor, type ServiceName } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(900_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const kidOf = (jws: string) =>
  (JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: string }).kid;

interface Failure {
  what: string;
  status: number;
  body: string;
}

/**
 * Requests through the gateway, from several workers, for as long as a rotation takes: reads with an
 * API key (data-api, audit), and writes with a user token (identity: each creates a key, whose
 * key.created event audit must store). Every unexpected answer is a failure.
 */
class Traffic {
  readonly failures: Failure[] = [];
  /** Created keys: their id and the request id the gateway answered with. */
  readonly created: { id: string; requestId: string }[] = [];
  requests = 0;
  private running = false;
  private workers: Promise<void>[] = [];
  /** The user tokens the writers use (they alternate). */
  tokens: string[] = [];

  constructor(
    private readonly api: GatewayClient,
    private readonly apiKey: string,
  ) {}

  start(): void {
    this.running = true;
    const loop = async (step: (i: number) => Promise<unknown>) => {
      for (let i = 0; this.running; i++) {
        await step(i);
        await sleep(15);
      }
    };
    const expect = async (what: string, status: number, call: () => ReturnType<GatewayClient['call']>) => {
      this.requests++;
      try {
        const response = await call();
        if (response.status !== status)
          this.failures.push({
            what,
            status: response.status,
            body: JSON.stringify(response.body).slice(0, 300),
          });
        return response;
      } catch (error) {
        this.failures.push({ what, status: 0, body: String(error) });
        return undefined;
      }
    };
    this.workers = [
      loop(() =>
        expect('GET /v1/projects (key)', 200, () =>
          this.api.call('GET', '/v1/projects?limit=1', { token: this.apiKey }),
        ),
      ),
      loop(() =>
        expect('GET /audit/events (key)', 200, () =>
          this.api.call('GET', '/audit/events?limit=1', { token: this.apiKey }),
        ),
      ),
      loop(async (i) => {
        const token = this.tokens[i % this.tokens.length]!;
        const response = await expect('POST /admin/keys (user)', 201, () =>
          this.api.call('POST', '/admin/keys', {
            token,
            body: { name: `rotation-${i}`, scopes: ['projects:read'], expires_in_days: 7 },
          }),
        );
        if (response?.status === 201)
          this.created.push({
            id: response.body['id'] as string,
            requestId: response.headers.get('x-request-id') ?? '',
          });
      }),
      loop(async (i) => {
        const token = this.tokens[i % this.tokens.length]!;
        await expect('GET /admin/keys (user)', 200, () =>
          this.api.call('GET', '/admin/keys?limit=1', { token }),
        );
      }),
    ];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }
}

/**
 * Each secret rotated as docs/operations.md says, while requests flow: every service runs behind a
 * balancer (as behind a Kubernetes Service), and a rolling update starts the new process, puts it
 * behind the balancer once ready, takes the old one out and stops it gracefully (SIGTERM). Zero
 * failed requests, zero lost events, and the chains verify.
 */
describe('every secret rotates while requests flow through the gateway', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let traffic: Traffic;
  let ownerToken: string;
  let apiKey: string;
  let apiKeyId: string;
  const lb = {} as Record<ServiceName, HttpBalancer>;
  /** The process of each service now behind its balancer, and its settings. */
  const current = new Map<
    ServiceName,
    { name: string; url: string; env: Record<string, string | undefined> }
  >();
  let generation = 0;
  const rolls: string[] = [];

  /** A rolling update of `service` with `patch` on top of its settings: new process first, then the old one goes. */
  async function roll(service: ServiceName, patch: Record<string, string | undefined>): Promise<void> {
    const before = current.get(service)!;
    const settings = { ...before.env, ...patch };
    const name = `${service}-${++generation}`;
    const url = await env.stack.spawnReplica(service, name, settings);
    lb[service].add(url);
    lb[service].remove(before.url);
    // As the pods' preStop sleep does (k8s/base: 5 s): requests already on their way to the old
    // process arrive before it stops taking new ones.
    await sleep(1000);
    if (before.name === service) await env.stack.stop(service);
    else await env.stack.stopReplica(before.name);
    current.set(service, { name, url, env: settings });
    rolls.push(`${service}: ${Object.keys(patch).join(', ')}`);
  }

  /** Traffic through `rotate`, then: no failed request, every created key's event stored once, with the gateway's request id. */
  async function withTraffic(rotate: () => Promise<void>): Promise<void> {
    traffic.failures.length = 0;
    traffic.created.length = 0;
    traffic.requests = 0;
    traffic.start();
    try {
      await sleep(1000);
      await rotate();
      await sleep(1000);
    } finally {
      await traffic.stop();
    }
    expect(traffic.failures).toEqual([]);
    expect(Object.values(lb).map((b) => b.failures)).toEqual([0, 0, 0, 0]);
    expect(traffic.created.length).toBeGreaterThan(5);
    const ids = traffic.created.map((c) => c.id);
    const stored = async () =>
      sql<{ key_id: string; request_id: string; n: number }>(
        env.db.url,
        `select data->>'key_id' as key_id, min(data->>'request_id') as request_id, count(*)::int as n
           from audit.events where type = 'key.created' and data->>'key_id' = any($1) group by 1`,
        [ids],
      );
    await waitFor(
      'every key.created event stored by audit',
      async () => (await stored()).length === ids.length,
      {
        timeoutMs: 60_000,
        intervalMs: 300,
      },
    );
    const rows = new Map((await stored()).map((r) => [r.key_id, r]));
    // Zero lost, zero duplicated; and each recorded with the gateway's request id, which identity
    // believes only from a forwarding assertion it verified: no request was degraded either.
    expect(traffic.created.filter((c) => rows.get(c.id)?.n !== 1)).toEqual([]);
    expect(traffic.created.filter((c) => rows.get(c.id)?.request_id !== c.requestId)).toEqual([]);
    const verify = await api.call('GET', '/audit/verify', { token: ownerToken });
    expect(verify.body).toMatchObject({ ok: true, first_broken: null });
    process.stdout.write(
      `rotation: ${JSON.stringify({ requests: traffic.requests, failed: traffic.failures.length, events: ids.length, rolls: rolls.splice(0) })}\n`,
    );
  }

  beforeAll(async () => {
    for (const service of ['gateway', 'identity', 'data-api', 'audit'] as const)
      lb[service] = await HttpBalancer.start();
    env = await startStack('rotation', {
      gateway: {
        IDENTITY_URL: lb.identity.url,
        DATA_API_URL: lb['data-api'].url,
        AUDIT_URL: lb.audit.url,
        TRUSTED_PROXIES: '127.0.0.1',
      },
      audit: { AUDIT_CHECKPOINT_INTERVAL_MS: '500' },
    });
    for (const service of ['gateway', 'identity', 'data-api', 'audit'] as const) {
      lb[service].add(env.stack.url(service));
      current.set(service, { name: service, url: env.stack.url(service), env: {} });
    }
    api = new GatewayClient(lb.gateway.url);
    ownerToken = await api.login('owner@acme.example', 'latchkey-demo');
    const key = await api.call('POST', '/admin/keys', {
      token: ownerToken,
      body: {
        name: 'rotation reader',
        scopes: ['projects:read', 'audit:read'],
        rate_limit: { limit: 1_000_000, window_seconds: 60 },
      },
    });
    expect(key.status).toBe(201);
    apiKey = key.body['secret'] as string;
    apiKeyId = key.body['id'] as string;
    traffic = new Traffic(api, apiKey);
    traffic.tokens = [ownerToken];
  });

  afterAll(async () => {
    await env?.teardown();
    await Promise.all(Object.values(lb).map((b) => b.close()));
  });

  it('the key pepper: keys issued under the old pepper keep working and move to the new one', async () => {
    const old = { id: 'legacy', secret: env.secrets['KEY_PEPPER']! };
    const fresh = { id: 'pepper-2', secret: randomBytes(48).toString('base64url') };
    const pepperOf = async (keyId: string) =>
      (
        await sql<{ pepper_id: string }>(
          env.db.url,
          'select pepper_id from identity.api_key_secrets where key_id = $1',
          [keyId],
        )
      )[0]?.pepper_id;
    expect(await pepperOf(apiKeyId)).toBe('legacy');

    await withTraffic(async () => {
      // As in the Secret both read: the list, and the single variable left empty.
      const peppers = (...list: { id: string; secret: string }[]) => ({
        KEY_PEPPER: '',
        KEY_PEPPERS: JSON.stringify(list),
      });
      // 1. Everyone learns the new pepper, second: identity still hashes under the old one.
      await roll('gateway', peppers(old, fresh));
      await roll('identity', peppers(old, fresh));
      expect(await pepperOf(apiKeyId)).toBe('legacy');
      // 2. First at identity: new secrets under it, and a secret presented under the old one moves.
      await roll('identity', peppers(fresh, old));
      await waitFor(
        'the API key re-hashed under the new pepper',
        async () => (await pepperOf(apiKeyId)) === 'pepper-2',
        {
          timeoutMs: 60_000,
          intervalMs: 250,
        },
      );
      // 3-4. When the progress query shows no live secret in use under the old pepper, it goes.
      await roll('identity', peppers(fresh));
      await roll('gateway', peppers(fresh));
    });
    // Keys created during the rotation: under the new pepper once identity had it first.
    const last = traffic.created.at(-1)!.id;
    expect(await pepperOf(last)).toBe('pepper-2');
    expect(await pepperOf(apiKeyId)).toBe('pepper-2');
  });

  it("the gateway's principal key: backends accept both, then the gateway signs with the new one, then the old goes", async () => {
    const oldPublic = env.secrets['PRINCIPAL_PUBLIC_KEY']!;
    const fresh = generateEd25519Jwk('gateway-rotated');
    const keys = (list: string[]) => ({
      PRINCIPAL_PUBLIC_KEY: undefined,
      PRINCIPAL_PUBLIC_KEYS: `[${list.join(',')}]`,
    });
    await withTraffic(async () => {
      for (const service of ['identity', 'data-api', 'audit'] as const)
        await roll(service, keys([oldPublic, JSON.stringify(fresh.publicJwk)]));
      await roll('gateway', { PRINCIPAL_SIGNING_KEY: JSON.stringify(fresh.privateJwk) });
      for (const service of ['identity', 'data-api', 'audit'] as const)
        await roll(service, keys([JSON.stringify(fresh.publicJwk)]));
    });
  });

  it('the token signing key: tokens signed by the old key keep working until the old key goes', async () => {
    const [old] = JSON.parse(env.secrets['TOKEN_SIGNING_KEYS']!) as Record<string, string>[];
    const fresh = generateEd25519Jwk('identity-rotated').privateJwk;
    const published = async () =>
      ((await api.call('GET', '/.well-known/jwks.json')).body['keys'] as { kid: string }[]).map((k) => k.kid);
    await withTraffic(async () => {
      // 1. Published second: every gateway learns it (the runbook waits out the JWKS cache; its
      //    refetch on an unknown kid is refused within 30 s of a fetch).
      await roll('identity', { TOKEN_SIGNING_KEYS: JSON.stringify([old, fresh]) });
      expect(await published()).toEqual([old!['kid'], 'identity-rotated']);
      await sleep(31_000);
      // 2. First: new tokens are signed with it; tokens signed with the old key still verify.
      await roll('identity', { TOKEN_SIGNING_KEYS: JSON.stringify([fresh, old]) });
      const renewed = await api.login('owner@acme.example', 'latchkey-demo');
      expect(kidOf(renewed)).toBe('identity-rotated');
      expect(kidOf(ownerToken)).toBe(old!['kid']);
      traffic.tokens = [ownerToken, renewed];
      await sleep(2000);
      // 3. Once no token signed by the old key can still be valid (here: its one holder signed in again), it goes.
      traffic.tokens = [renewed];
      await sleep(500);
      await roll('identity', { TOKEN_SIGNING_KEYS: JSON.stringify([fresh]) });
      expect(await published()).toEqual(['identity-rotated']);
      ownerToken = renewed;
    });
  });

  /** A key made now, used once through the gateway: a cache miss, so identity's signed reply decides. */
  async function firstUseOfANewKey(): Promise<number> {
    const created = await api.call('POST', '/admin/keys', {
      token: ownerToken,
      body: { name: `first-use-${generation}`, scopes: ['projects:read'], expires_in_days: 7 },
    });
    expect(created.status).toBe(201);
    return (await api.call('GET', '/v1/projects?limit=1', { token: created.body['secret'] as string }))
      .status;
  }

  /** Bus messages a running process refused, of `kind` (latchkey_bus_messages_refused_total). */
  async function refused(service: ServiceName, kind: string): Promise<number> {
    const metrics = await (await fetch(`${env.stack.opsUrl(current.get(service)!.name)}/metrics`)).text();
    return metrics
      .split('\n')
      .filter(
        (line) => line.startsWith('latchkey_bus_messages_refused_total{') && line.includes(`kind="${kind}"`),
      )
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  }

  it("identity's bus keys: receivers learn the new key, identity signs with it, the old one goes", async () => {
    const [oldPrivate] = JSON.parse(env.secrets['BUS_SIGNING_KEYS']!) as Record<string, string>[];
    const [oldPublic] = JSON.parse(env.secrets['BUS_PUBLIC_KEYS']!) as Record<string, string>[];
    const fresh = generateEd25519Jwk('identity-bus-rotated');
    const receivers = ['gateway', 'data-api', 'audit'] as const;
    await withTraffic(async () => {
      // 1. The new public key second everywhere that verifies identity's replies and announcements.
      for (const service of receivers)
        await roll(service, { BUS_PUBLIC_KEYS: JSON.stringify([oldPublic, fresh.publicJwk]) });
      expect(await firstUseOfANewKey()).toBe(200);
      // 2. Identity signs with the new key; receivers know it.
      await roll('identity', { BUS_SIGNING_KEYS: JSON.stringify([fresh.privateJwk, oldPrivate]) });
      expect(await firstUseOfANewKey()).toBe(200);
      // 3. The old key goes from both lists.
      await roll('identity', { BUS_SIGNING_KEYS: JSON.stringify([fresh.privateJwk]) });
      for (const service of receivers)
        await roll(service, { BUS_PUBLIC_KEYS: JSON.stringify([fresh.publicJwk]) });
      expect(await firstUseOfANewKey()).toBe(200);
    });
    // Nothing identity signed was refused along the way: the order keeps every receiver ahead.
    expect(await refused('gateway', 'key_lookup_reply')).toBe(0);
  });

  it("the gateways' rate-limit sync key: added second, moved first, the old one dropped", async () => {
    const [old] = JSON.parse(env.secrets['RATE_LIMIT_SYNC_KEYS']!) as { kid: string; k: string }[];
    const fresh = { kid: 'sync-rotated', k: randomBytes(32).toString('base64url') };
    // A second replica for the whole walk, so each step has a peer holding the previous lists.
    const peerName = `gateway-peer-${++generation}`;
    const peerSettings = (keys: object[]) => ({
      ...current.get('gateway')!.env,
      RATE_LIMIT_SYNC_KEYS: JSON.stringify(keys),
    });
    let peer = peerName;
    let peerUrl = await env.stack.spawnReplica('gateway', peer, peerSettings([old!]));
    lb.gateway.add(peerUrl);
    const rollPeer = async (keys: object[]) => {
      const name = `gateway-peer-${++generation}`;
      const url = await env.stack.spawnReplica('gateway', name, peerSettings(keys));
      lb.gateway.add(url);
      lb.gateway.remove(peerUrl);
      await sleep(1000);
      await env.stack.stopReplica(peer);
      [peer, peerUrl] = [name, url];
    };
    const peerRefused = async () => {
      const metrics = await (await fetch(`${env.stack.opsUrl(peer)}/metrics`)).text();
      return metrics
        .split('\n')
        .filter(
          (line) =>
            line.startsWith('latchkey_bus_messages_refused_total{') &&
            line.includes('kind="rate_limit_sync"'),
        )
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    };
    try {
      await withTraffic(async () => {
        for (const keys of [[old!, fresh], [fresh, old!], [fresh]]) {
          await roll('gateway', { RATE_LIMIT_SYNC_KEYS: JSON.stringify(keys) });
          await rollPeer(keys);
          // Each replica hears the other's counts (every RATE_LIMIT_SYNC_MS) and refuses none of them.
          await sleep(1000);
          expect(await refused('gateway', 'rate_limit_sync')).toBe(0);
          expect(await peerRefused()).toBe(0);
        }
      });
    } finally {
      lb.gateway.remove(peerUrl);
      await env.stack.stopReplica(peer);
    }
  });

  it('the audit checkpoint key: checkpoints signed by the retired key still verify, in the service and offline', async () => {
    const old = JSON.parse(env.secrets['AUDIT_SIGNING_KEY']!) as Record<string, string>;
    const { d: _private, ...oldPublic } = old;
    const fresh = generateEd25519Jwk('audit-rotated');
    const kids = async () =>
      new Set(
        (await sql<{ signature: string }>(env.db.url, 'select signature from audit.checkpoints')).map((r) =>
          kidOf(r.signature),
        ),
      );
    await waitFor('a checkpoint signed by the old key', async () => (await kids()).has(old['kid']), {
      timeoutMs: 30_000,
    });
    await withTraffic(async () => {
      await roll('audit', {
        AUDIT_SIGNING_KEY: JSON.stringify(fresh.privateJwk),
        AUDIT_RETIRED_PUBLIC_KEYS: JSON.stringify([oldPublic]),
      });
      await waitFor('a checkpoint signed by the new key', async () => (await kids()).has('audit-rotated'), {
        timeoutMs: 30_000,
      });
    });
    // Both published, the current one first: an auditor verifies every checkpoint with them.
    const published = (await api.call('GET', '/.well-known/audit-checkpoint-keys.json')).body[
      'keys'
    ] as Record<string, string>[];
    expect(published.map((k) => k.kid)).toEqual(['audit-rotated', old['kid']]);
    /** `latchkey audit verify-chain` with the given keys: its exit code. */
    const verifyCli = async (extra: Record<string, string>) =>
      (await runLatchkey(['audit', 'verify-chain'], { DATABASE_URL: env.db.url, ...extra })).code;
    expect(await verifyCli({ AUDIT_PUBLIC_KEYS: JSON.stringify(published) })).toBe(0);
    // Without the retired key the old checkpoints cannot be told from forged ones: exit code 8.
    expect(await verifyCli({ AUDIT_PUBLIC_KEY: JSON.stringify(fresh.publicJwk) })).toBe(8);
  });
});
