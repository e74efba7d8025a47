import { generateSecret, hashSecret, pepperOf } from '@latchkey/auth-core';
import type { KeyLookupReply, KeyLookupRequest, KeySnapshot } from '@latchkey/contracts';
import { KeyCache, type KeyCacheOptions } from './key-cache';

const PEPPER = 'test-pepper-0123456789abcdef0123456789';
const TTL_MS = 1_000;
const MAX_STALE_MS = 10_000;

const snapshot = (keyId: string, overrides: Partial<KeySnapshot> = {}): KeySnapshot => ({
  key_id: keyId,
  org_id: 'org_01',
  public_id: 'lk_pub_000000000000000000000000',
  status: 'active',
  environment: 'live',
  scopes: ['projects:read'],
  allowed_paths: [],
  allowed_ips: ['10.0.0.0/8'],
  rate_limit: { limit: 120, window_seconds: 60 },
  expires_at: null,
  secret_valid_until: null,
  ...overrides,
});

interface Deferred {
  resolve(reply: KeyLookupReply): void;
  reject(error: unknown): void;
}

/**
 * Identity as the cache sees it: answers from a table by secret hash or key id, or holds the
 * answer back (`hold = true`) until the test releases it.
 */
class FakeIdentity {
  readonly calls: KeyLookupRequest[] = [];
  readonly bySecretHash = new Map<string, KeySnapshot>();
  readonly held: Deferred[] = [];
  hold = false;
  failing = false;

  readonly lookup = (request: KeyLookupRequest): Promise<KeyLookupReply> => {
    this.calls.push(request);
    if (this.hold) return new Promise((resolve, reject) => this.held.push({ resolve, reject }));
    if (this.failing) return Promise.reject(new Error('identity unreachable'));
    const key =
      'secret_hash' in request
        ? this.bySecretHash.get(request.secret_hash)
        : [...this.bySecretHash.values()].find((k) => 'key_id' in request && k.key_id === request.key_id);
    return Promise.resolve(key ? { found: true, key } : { found: false });
  };

  register(secret: string, key: KeySnapshot): void {
    this.bySecretHash.set(hashSecret(PEPPER, secret), key);
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

const setup = (options: Partial<KeyCacheOptions> = {}) => {
  const identity = new FakeIdentity();
  const clock = { now: 1_700_000_000_000 };
  const cache = new KeyCache({
    peppers: [pepperOf('p1', PEPPER)],
    ttlMs: TTL_MS,
    maxStaleMs: MAX_STALE_MS,
    negativeCacheSize: 100,
    lookup: identity.lookup,
    now: () => clock.now,
    ...options,
  });
  return { identity, clock, cache };
};

describe('KeyCache', () => {
  it('asks identity with the peppered HMAC of the secret, never the secret itself', async () => {
    const { identity, cache } = setup();
    const secret = generateSecret('live');
    await cache.get(secret);
    const hash = hashSecret(PEPPER, secret);
    expect(identity.calls).toEqual([
      { secret_hash: hash, secret_hashes: [{ pepper: pepperOf('p1', PEPPER).tag, hash }] },
    ]);
    expect(JSON.stringify(identity.calls)).not.toContain(secret);
  });

  it("asks identity with the secret's hash under every pepper, the first pepper's first", async () => {
    const peppers = [pepperOf('new', `${PEPPER}-new`), pepperOf('old', PEPPER)];
    const { identity, cache } = setup({ peppers });
    const secret = generateSecret('live');
    await cache.get(secret);
    const [fresh, old] = [hashSecret(`${PEPPER}-new`, secret), hashSecret(PEPPER, secret)];
    expect(identity.calls).toEqual([
      {
        secret_hash: fresh,
        secret_hashes: [
          { pepper: peppers[0]!.tag, hash: fresh },
          { pepper: peppers[1]!.tag, hash: old },
        ],
      },
    ]);
    expect(peppers[0]!.tag).not.toBe(peppers[1]!.tag);
    expect(JSON.stringify(identity.calls)).not.toContain(secret);
  });

  it('holds at most positiveCacheSize known keys: the least recently fetched goes first', async () => {
    const { identity, cache } = setup({ positiveCacheSize: 2 });
    const secrets = ['key_a', 'key_b', 'key_c'].map((id) => {
      const secret = generateSecret('live');
      identity.register(secret, snapshot(id));
      return secret;
    });
    for (const secret of secrets) await cache.get(secret);
    expect(cache.size.positive).toBe(2);
    expect(identity.calls).toHaveLength(3);
    // The newest two are still warm; the oldest is asked for again.
    expect(cache.peek(secrets[2]!)?.snapshot.key_id).toBe('key_c');
    expect(cache.peek(secrets[1]!)?.snapshot.key_id).toBe('key_b');
    expect(cache.peek(secrets[0]!)).toBeUndefined();
    await cache.get(secrets[0]!);
    expect(identity.calls).toHaveLength(4);
    expect(cache.size.positive).toBe(2);
    // Eviction of a key that fell out of the cache finds nothing to drop.
    expect(cache.evict('key_b')).toBe(0);
  });

  it('returns the snapshot identity knows, with its IP allow-list compiled', async () => {
    const { identity, cache } = setup();
    const secret = generateSecret('live');
    identity.register(secret, snapshot('key_1'));
    const result = await cache.get(secret);
    expect(result.ok && result.key?.snapshot).toEqual(snapshot('key_1'));
    expect(result.ok && result.key?.ipAllowList.allows('10.1.2.3')).toBe(true);
    expect(result.ok && result.key?.ipAllowList.allows('11.1.2.3')).toBe(false);
  });

  it('compiles allowed_paths once, when the snapshot arrives: hits and a revocation reuse the compiled globs', async () => {
    const { identity, cache } = setup();
    const secret = generateSecret('live');
    identity.register(secret, snapshot('key_1', { allowed_paths: ['/v1/webhooks/whc_1/*', '/v1/leads'] }));
    const first = await cache.get(secret);
    const globs = first.ok ? first.key?.allowedPaths : undefined;
    expect(globs?.map((glob) => glob.source)).toEqual(['/v1/webhooks/whc_1/*', '/v1/leads']);
    expect(globs?.[0]?.matches('/v1/webhooks/whc_1/events')).toBe(true);
    expect(cache.peek(secret)?.allowedPaths).toBe(globs);
    cache.markRevoked('key_1');
    expect(cache.peek(secret)?.allowedPaths).toBe(globs);
  });

  it('single flight: 100 concurrent gets of one unknown secret make one lookup', async () => {
    const { identity, cache } = setup();
    const secret = generateSecret('live');
    identity.hold = true;
    const results = Array.from({ length: 100 }, () => cache.get(secret));
    await flush();
    expect(identity.calls).toHaveLength(1);
    identity.held[0]?.resolve({ found: true, key: snapshot('key_1') });
    const answers = await Promise.all(results);
    expect(identity.calls).toHaveLength(1);
    const first = answers[0];
    expect(first?.ok && first.key?.snapshot.key_id).toBe('key_1');
    for (const answer of answers) expect(answer).toEqual(first);
  });

  it('an unknown secret is remembered: asked again within the TTL, identity is not asked', async () => {
    const { identity, clock, cache } = setup();
    const secret = generateSecret('live');
    expect(await cache.get(secret)).toEqual({ ok: true, key: null });
    clock.now += TTL_MS - 1;
    expect(await cache.get(secret)).toEqual({ ok: true, key: null });
    expect(identity.calls).toHaveLength(1);
    clock.now += 1;
    await cache.get(secret);
    expect(identity.calls).toHaveLength(2);
  });

  it('the negative cache is bounded: beyond negativeCacheSize the oldest unknown secret is forgotten first', async () => {
    const bound = 3;
    const { identity, cache } = setup({ negativeCacheSize: bound });
    const secrets = Array.from({ length: bound + 2 }, () => generateSecret('live'));
    for (const secret of secrets) {
      await cache.get(secret);
      expect(cache.size.negative).toBeLessThanOrEqual(bound);
    }
    expect(identity.calls).toHaveLength(secrets.length);

    // The newest is still remembered...
    await cache.get(secrets[secrets.length - 1] as string);
    expect(identity.calls).toHaveLength(secrets.length);
    // ...the oldest was pushed out and is looked up again.
    await cache.get(secrets[0] as string);
    expect(identity.calls).toHaveLength(secrets.length + 1);
  });

  it('a known key is served fresh within ttlMs without another lookup', async () => {
    const { identity, clock, cache } = setup();
    const secret = generateSecret('live');
    identity.register(secret, snapshot('key_1'));
    const first = await cache.get(secret);
    clock.now += TTL_MS - 1;
    const second = await cache.get(secret);
    expect(second).toEqual(first);
    expect(second.ok && second.key).toBe(first.ok && first.key);
    expect(identity.calls).toHaveLength(1);
  });

  it('between ttlMs and maxStaleMs the stale key is served at once while exactly one background refresh runs', async () => {
    const { identity, clock, cache } = setup();
    const secret = generateSecret('live');
    identity.register(secret, snapshot('key_1'));
    await cache.get(secret);

    clock.now += TTL_MS + 500;
    identity.hold = true;
    for (let i = 0; i < 10; i++) {
      const stale = await cache.get(secret);
      expect(stale.ok && stale.key?.snapshot.scopes).toEqual(['projects:read']);
    }
    expect(identity.calls).toHaveLength(2);

    identity.hold = false;
    identity.held[0]?.resolve({
      found: true,
      key: snapshot('key_1', { scopes: ['projects:read', 'leads:read'] }),
    });
    await flush();
    const refreshed = await cache.get(secret);
    expect(refreshed.ok && refreshed.key?.snapshot.scopes).toEqual(['projects:read', 'leads:read']);
    expect(identity.calls).toHaveLength(2);
  });

  it('a failed background refresh keeps the stale key usable until maxStaleMs', async () => {
    const { identity, clock, cache } = setup();
    const secret = generateSecret('live');
    identity.register(secret, snapshot('key_1'));
    await cache.get(secret);

    identity.failing = true;
    clock.now += TTL_MS + 1;
    const stale = await cache.get(secret);
    await flush();
    clock.now += 1_000;
    const stillStale = await cache.get(secret);
    await flush();
    expect(stale.ok && stale.key?.snapshot.key_id).toBe('key_1');
    expect(stillStale.ok && stillStale.key?.snapshot.key_id).toBe('key_1');
  });

  it('a refresh that finds the key gone stops serving it', async () => {
    const { identity, clock, cache } = setup();
    const secret = generateSecret('live');
    identity.register(secret, snapshot('key_1'));
    await cache.get(secret);

    identity.bySecretHash.clear();
    clock.now += TTL_MS + 1;
    await cache.get(secret);
    await flush();
    expect(await cache.get(secret)).toEqual({ ok: true, key: null });
  });

  it('beyond maxStaleMs a stale key is never served: a failing lookup yields lookup_failed', async () => {
    const { identity, clock, cache } = setup();
    const secret = generateSecret('live');
    identity.register(secret, snapshot('key_1'));
    await cache.get(secret);

    identity.failing = true;
    clock.now += MAX_STALE_MS;
    expect(await cache.get(secret)).toEqual({ ok: false, reason: 'lookup_failed' });
  });

  it('a failing lookup for a never-seen secret yields lookup_failed, not "unknown"', async () => {
    const { identity, cache } = setup();
    identity.failing = true;
    expect(await cache.get(generateSecret('live'))).toEqual({ ok: false, reason: 'lookup_failed' });
  });

  it('evict(keyId) drops every cached secret of that key, so the next get looks it up again', async () => {
    const { identity, cache } = setup();
    const current = generateSecret('live');
    const inGrace = generateSecret('live');
    identity.register(current, snapshot('key_1'));
    identity.register(inGrace, snapshot('key_1'));
    const other = generateSecret('live');
    identity.register(other, snapshot('key_2'));
    await cache.get(current);
    await cache.get(inGrace);
    await cache.get(other);
    expect(identity.calls).toHaveLength(3);

    expect(cache.evict('key_1')).toBe(2);
    await cache.get(current);
    await cache.get(inGrace);
    await cache.get(other);
    expect(identity.calls).toHaveLength(5);
    expect(cache.evict('key_unknown')).toBe(0);
  });

  it('getById looks a key up by id once, then serves it from the cache', async () => {
    const { identity, cache } = setup();
    identity.register(generateSecret('live'), snapshot('key_1'));
    const first = await cache.getById('key_1');
    const second = await cache.getById('key_1');
    expect(first.ok && first.key?.snapshot.key_id).toBe('key_1');
    expect(second).toEqual(first);
    expect(identity.calls).toEqual([{ key_id: 'key_1' }]);
    expect(await cache.getById('key_unknown')).toEqual({ ok: true, key: null });
  });

  it('evict(keyId) also drops the entry cached by id for access tokens', async () => {
    const { identity, cache } = setup();
    const secret = generateSecret('live');
    identity.register(secret, snapshot('key_1'));
    await cache.get(secret);
    await cache.getById('key_1');
    expect(cache.evict('key_1')).toBe(2);
    identity.register(secret, snapshot('key_1', { status: 'revoked' }));
    const byId = await cache.getById('key_1');
    expect(byId.ok && byId.key?.snapshot.status).toBe('revoked');
    expect(identity.calls).toHaveLength(3);
  });

  it('a lookup already in flight when its key is evicted asks again instead of caching the pre-eviction answer', async () => {
    const { identity, cache } = setup();
    const secret = generateSecret('live');
    identity.hold = true;
    const pending = cache.get(secret);
    await flush();
    // The key is revoked while identity's (older) answer is still on its way.
    cache.evict('key_1');
    identity.hold = false;
    identity.register(secret, snapshot('key_1', { status: 'revoked' }));
    identity.held[0]?.resolve({ found: true, key: snapshot('key_1') });
    const result = await pending;
    expect(identity.calls).toHaveLength(2);
    expect(result.ok && result.key?.snapshot.status).toBe('revoked');

    const after = await cache.get(secret);
    expect(identity.calls).toHaveLength(2);
    expect(after.ok && after.key?.snapshot.status).toBe('revoked');
  });

  it('markRevoked(keyId) makes every cached secret of that key refuse at once, without a lookup', async () => {
    const { identity, cache } = setup();
    const current = generateSecret('live');
    const inGrace = generateSecret('live');
    const other = generateSecret('live');
    identity.register(current, snapshot('key_1'));
    identity.register(inGrace, snapshot('key_1'));
    identity.register(other, snapshot('key_2'));
    for (const s of [current, inGrace, other]) await cache.get(s);
    await cache.getById('key_1');
    expect(identity.calls).toHaveLength(4);

    expect(cache.markRevoked('key_1')).toBe(3);
    expect(cache.peek(current)?.snapshot.status).toBe('revoked');
    expect(cache.peek(inGrace)?.snapshot.status).toBe('revoked');
    const byId = await cache.getById('key_1');
    expect(byId.ok && byId.key?.snapshot.status).toBe('revoked');
    expect(cache.peek(other)?.snapshot.status).toBe('active');
    expect(identity.calls).toHaveLength(4);
    expect(cache.markRevoked('key_unknown')).toBe(0);
  });

  it('a revoked entry drops its signed principals, so none is reused for the revoked key', async () => {
    const { identity, cache } = setup();
    const secret = generateSecret('live');
    identity.register(secret, snapshot('key_1'));
    await cache.get(secret);
    cache.peek(secret)?.principals.set('data-api', { token: 'signed', refreshAt: Number.MAX_SAFE_INTEGER });
    cache.markRevoked('key_1');
    expect(cache.peek(secret)?.principals.size).toBe(0);
  });

  it('a lookup in flight when its key is marked revoked asks again instead of caching the active answer', async () => {
    const { identity, cache } = setup();
    const secret = generateSecret('live');
    identity.hold = true;
    const pending = cache.get(secret);
    await flush();
    cache.markRevoked('key_1');
    identity.hold = false;
    identity.register(secret, snapshot('key_1', { status: 'revoked' }));
    identity.held[0]?.resolve({ found: true, key: snapshot('key_1') });
    const result = await pending;
    expect(identity.calls).toHaveLength(2);
    expect(result.ok && result.key?.snapshot.status).toBe('revoked');
  });
});
