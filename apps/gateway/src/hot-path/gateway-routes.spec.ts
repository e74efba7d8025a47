import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { exportJWK, generateKeyPair } from 'jose';
import {
  generateSecret,
  hashSecret,
  pepperOf,
  RouteMatcher,
  SlidingWindowLimiter,
} from '@latchkey/auth-core';
import type { KeyLookupReply, KeyLookupRequest, KeySnapshot } from '@latchkey/contracts';
import { API_ROUTES } from '@latchkey/api-routes';
import { KeyCache, PrincipalSigner, type TokenVerifier } from '../authentication';
import type { GatewayConfig } from '../config';
import type { ForwardOptions, UpstreamProxy } from '../proxy';
import type { SharedRateLimiter } from '../rate-limit';
import type { UsageRecorder } from '../usage';
import type { CanaryTripwire } from '../canary';
import { GatewayRuntime } from './gateway-runtime';
import { registerGatewayRoutes } from './gateway-routes';

const PEPPER = 'test-pepper-0123456789abcdef0123456789';
const DATA_API = 'http://data-api.test';

const snapshot = (keyId: string, overrides: Partial<KeySnapshot> = {}): KeySnapshot => ({
  key_id: keyId,
  org_id: 'org_01',
  public_id: 'lk_pub_000000000000000000000000',
  status: 'active',
  environment: 'live',
  scopes: ['leads:read'],
  allowed_paths: [],
  allowed_ips: [],
  rate_limit: { limit: 100, window_seconds: 60 },
  expires_at: null,
  secret_valid_until: null,
  ...overrides,
});

/**
 * The hot path's shell on a bare Fastify instance, with the capabilities' real decisions, key cache
 * and principal signer; identity, the proxy and the usage recorder are recorded, not run.
 */
async function gateway() {
  const keys = new Map<string, KeySnapshot>();
  const lookups: KeyLookupRequest[] = [];
  const cache = new KeyCache({
    peppers: [pepperOf('p1', PEPPER)],
    ttlMs: 60_000,
    maxStaleMs: 60_000,
    negativeCacheSize: 100,
    lookup: async (request): Promise<KeyLookupReply> => {
      lookups.push(request);
      const key = 'secret_hash' in request ? keys.get(request.secret_hash) : undefined;
      return key ? { found: true, key } : { found: false };
    },
  });
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const signer = await PrincipalSigner.create({ ...(await exportJWK(privateKey)), kid: 'gw-1' });
  const windows = new SlidingWindowLimiter();
  const limiter = { take: (id: string, limit: number, seconds: number) => windows.take(id, limit, seconds) };
  const forwarded: ForwardOptions[] = [];
  const proxy = {
    forward: (_request: unknown, reply: FastifyReply, options: ForwardOptions) => {
      forwarded.push(options);
      return reply.send({ forwarded: true });
    },
  };
  const uses: unknown[][] = [];
  const denials: unknown[][] = [];
  const trips: unknown[][] = [];
  const usage = {
    recordUse: (...args: unknown[]) => uses.push(args),
    recordDenial: (...args: unknown[]) => {
      denials.push(args.slice(0, 6));
      return `dcn_${denials.length}`;
    },
  };
  const config = {
    TRUSTED_PROXIES: [],
    AUTH_FAILURE_LIMIT: 3,
    AUTH_FAILURE_WINDOW_SECONDS: 60,
    USER_RATE_LIMIT: 100,
    USER_RATE_LIMIT_WINDOW_SECONDS: 60,
    DATA_API_URL: DATA_API,
    IDENTITY_URL: 'http://identity.test',
    AUDIT_URL: 'http://audit.test',
  } as unknown as GatewayConfig;
  const rt = new GatewayRuntime(
    config,
    new RouteMatcher(API_ROUTES),
    cache,
    {} as TokenVerifier,
    signer,
    limiter as unknown as SharedRateLimiter,
    new SlidingWindowLimiter(),
    usage as unknown as UsageRecorder,
    proxy as unknown as UpstreamProxy,
    { trip: (...args: unknown[]) => trips.push(args) } as unknown as CanaryTripwire,
  );
  const fastify: FastifyInstance = Fastify();
  registerGatewayRoutes(fastify, rt);
  await fastify.ready();
  const issue = (keyId: string, overrides: Partial<KeySnapshot> = {}) => {
    const secret = generateSecret('live');
    keys.set(hashSecret(PEPPER, secret), snapshot(keyId, overrides));
    return secret;
  };
  const get = (url: string, secret?: string) =>
    fastify.inject({
      method: 'GET',
      url,
      ...(secret ? { headers: { authorization: `Bearer ${secret}` } } : {}),
    });
  return { fastify, issue, get, forwarded, uses, denials, lookups, trips };
}

describe('the hot path shell', () => {
  let gw: Awaited<ReturnType<typeof gateway>>;
  beforeEach(async () => {
    gw = await gateway();
  });
  afterEach(() => gw.fastify.close());

  it('forwards a key with the route’s scope to the route’s service, with a signed principal and the normalised path, and counts its use', async () => {
    const secret = gw.issue('key_1');
    const cold = await gw.get('/v1/leads/../leads', secret);
    const warm = await gw.get('/v1/leads', secret);
    expect([cold.statusCode, warm.statusCode]).toEqual([200, 200]);
    expect(gw.lookups).toHaveLength(1);
    expect(gw.forwarded[0]).toMatchObject({ target: DATA_API, path: '/v1/leads', keepAuthorization: false });
    expect(gw.forwarded[0]?.principal).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    // Signed once per key and audience, reused by the warm request.
    expect(gw.forwarded[1]?.principal).toBe(gw.forwarded[0]?.principal);
    expect(warm.headers['ratelimit-limit']).toBe('100');
    expect(gw.uses.map(([org, key, status]) => [org, key, status])).toEqual([
      ['org_01', 'key_1', 200],
      ['org_01', 'key_1', 200],
    ]);
  });

  it('answers a key without the route’s scope 403 naming the scope, never forwards it, and records the denial', async () => {
    const secret = gw.issue('key_1');
    const reply = await gw.get('/v1/invoices', secret);
    expect(reply.statusCode).toBe(403);
    expect(reply.headers['www-authenticate']).toBe(
      'Bearer error="insufficient_scope", scope="invoices:read"',
    );
    expect(reply.json()).toMatchObject({ required_scope: 'invoices:read' });
    expect(gw.forwarded).toHaveLength(0);
    expect(gw.denials).toEqual([
      ['org_01', 'key_1', 'insufficient_scope', 403, 'GET /v1/invoices', '127.0.0.1'],
    ]);
  });

  it('gives unknown, expired and revoked keys one and the same answer; only the record names the reason', async () => {
    const answers = await Promise.all([
      gw.get('/v1/leads', generateSecret('live')),
      gw.get('/v1/leads', gw.issue('key_2', { expires_at: Date.now() - 1 })),
      gw.get('/v1/leads', gw.issue('key_3', { status: 'revoked' })),
    ]);
    const shapes = answers.map((a) => ({
      status: a.statusCode,
      body: a.json<Record<string, unknown>>()['detail'],
      code: a.json<Record<string, unknown>>()['code'],
      challenge: a.headers['www-authenticate'],
    }));
    expect(new Set(shapes.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(shapes[0]).toMatchObject({
      status: 401,
      code: 'invalid_api_key',
      challenge: 'Bearer error="invalid_token"',
    });
    expect(gw.denials.map(([, , reason]) => reason).sort()).toEqual(['expired', 'revoked', 'unknown_key']);
    expect(gw.forwarded).toHaveLength(0);
  });

  it('refuses a request past its key’s limit 429 with Retry-After, and does not forward it', async () => {
    const secret = gw.issue('key_1', { rate_limit: { limit: 1, window_seconds: 60 } });
    expect((await gw.get('/v1/leads', secret)).statusCode).toBe(200);
    const refused = await gw.get('/v1/leads', secret);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(gw.forwarded).toHaveLength(1);
  });

  it('names the refusal’s decision in the problem body and the Latchkey-Decision-Id header (ADR 0023)', async () => {
    const reply = await gw.get('/v1/invoices', gw.issue('key_1'));
    expect(reply.statusCode).toBe(403);
    expect(reply.headers['latchkey-decision-id']).toBe('dcn_1');
    expect(reply.json()).toMatchObject({ decision_id: 'dcn_1' });
    const unknown = await gw.get('/v1/leads', generateSecret('live'));
    expect(unknown.headers['latchkey-decision-id']).toBe(unknown.json<{ decision_id: string }>().decision_id);
  });

  it('answers a canary key exactly like an unknown key, and trips its alarm (ADR 0024)', async () => {
    const shape = (a: Awaited<ReturnType<typeof gw.get>>) => {
      const { decision_id: _d, request_id: _r, ...body } = a.json<Record<string, unknown>>();
      const headers = { ...a.headers };
      for (const varying of ['latchkey-decision-id', 'x-request-id', 'date', 'content-length'])
        delete headers[varying];
      return { status: a.statusCode, headers, body, keys: Object.keys(a.json<object>()) };
    };
    const canary = await gw.get('/v1/leads', gw.issue('key_c', { canary: true, scopes: ['*'] }));
    const unknown = await gw.get('/v1/leads', generateSecret('live'));
    expect(shape(canary)).toEqual({
      ...shape(unknown),
      headers: { ...shape(unknown).headers, 'ratelimit-remaining': canary.headers['ratelimit-remaining'] },
    });
    expect(canary.headers['ratelimit-remaining']).toBe(
      String(Number(unknown.headers['ratelimit-remaining']) + 1),
    );
    expect(gw.forwarded).toHaveLength(0);
    expect(gw.trips.map(([org, key, ip]) => [org, key, ip])).toEqual([['org_01', 'key_c', '127.0.0.1']]);
    expect(gw.denials.map(([org, key, reason]) => [org, key, reason])).toEqual([
      ['org_01', 'key_c', 'canary'],
      [undefined, undefined, 'unknown_key'],
    ]);
  });

  it('refuses a credential in the query string before any lookup', async () => {
    const reply = await gw.get(`/v1/leads?api_key=${gw.issue('key_1')}`);
    expect(reply.statusCode).toBe(401);
    expect(gw.lookups).toHaveLength(0);
    expect(gw.denials.map(([, , reason]) => reason)).toEqual(['in_query']);
  });
});
