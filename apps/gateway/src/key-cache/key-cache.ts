import { LRUCache } from 'lru-cache';
import { cacheKeyOf, hashUnderEach, IpAllowList, PathGlob, type Pepper } from '@latchkey/auth-core';
import type { KeyLookupReply, KeyLookupRequest, KeySnapshot, Principal } from '@latchkey/contracts';

/** A snapshot plus what the hot path derives from it once (compiled allow-lists, signed principals). */
export interface CachedKey {
  snapshot: KeySnapshot;
  ipAllowList: IpAllowList;
  /** `allowed_paths`, compiled when the snapshot arrives (matching never compiles). Empty: any path. */
  allowedPaths: readonly PathGlob[];
  /** The principal this key stands for, built once (signed per audience, below). */
  principal: Principal;
  /** Signed principals by audience, reused until shortly before they expire. */
  principals: Map<string, { token: string; refreshAt: number }>;
}

interface Entry {
  key: CachedKey | null;
  fetchedAt: number;
}

export interface KeyCacheOptions {
  /** The server peppers: a miss asks identity with the secret's hash under each (the first first). */
  peppers: readonly Pepper[];
  ttlMs: number;
  maxStaleMs: number;
  negativeCacheSize: number;
  /** Most secrets (and key ids) of known keys held; beyond it the least recently fetched go. */
  positiveCacheSize?: number;
  lookup(request: KeyLookupRequest): Promise<KeyLookupReply>;
  now?: () => number;
}

export type CacheResult = { ok: true; key: CachedKey | null } | { ok: false; reason: 'lookup_failed' };

/**
 * The gateway's in-process key cache, keyed by a one-shot SHA-256 of the presented secret:
 * - fresh for `ttlMs`, then served stale while one background refresh runs;
 * - never used beyond `maxStaleMs` (bounded staleness when identity or NATS is unreachable);
 * - unknown secrets are remembered in a bounded negative cache, so a flood of random keys
 *   reaches identity at most once per distinct secret per TTL;
 * - concurrent misses for one secret share one lookup (single flight);
 * - known keys are held up to `positiveCacheSize` secrets, the least recently fetched going first.
 */
export class KeyCache {
  /**
   * Known keys by cache key, the least recently fetched going first when full (read with `peek`,
   * which leaves the order alone: a hot key is refreshed by its TTL, not kept by its traffic).
   */
  private readonly positive: LRUCache<string, Entry>;
  /** Unknown secrets and when they were found unknown; none kept when `negativeCacheSize` is 0. */
  private readonly negative: LRUCache<string, number> | undefined;
  private readonly inFlight = new Map<string, Promise<CachedKey | null>>();
  private readonly byKeyId = new Map<string, Set<string>>();
  /** Evictions per key id: a lookup that started before an eviction must not re-cache its stale answer. */
  private readonly evictions = new LRUCache<string, number>({ max: 100_000 });
  private evictionEpoch = 0;
  private readonly now: () => number;
  lookups = 0;

  constructor(private readonly options: KeyCacheOptions) {
    this.now = options.now ?? Date.now;
    this.positive = new LRUCache<string, Entry>({
      max: options.positiveCacheSize ?? 100_000,
      // A key pushed out for room is no longer held under its id either.
      dispose: (entry, cacheKey, reason) => {
        if (reason === 'evict') this.unalias(entry, cacheKey);
      },
    });
    this.negative =
      options.negativeCacheSize > 0
        ? new LRUCache<string, number>({ max: options.negativeCacheSize })
        : undefined;
  }

  /**
   * The warm path, synchronous: a fresh cached answer for this secret (a key, or null for a known
   * unknown), or undefined when `get` must be awaited. No promise, no allocation on a hit.
   */
  peek(secret: string): CachedKey | null | undefined {
    const cacheKey = cacheKeyOf(secret);
    const now = this.now();
    const entry = this.positive.peek(cacheKey);
    if (entry && now - entry.fetchedAt < this.options.ttlMs) return entry.key;
    const negativeAt = this.negative?.peek(cacheKey);
    if (negativeAt !== undefined && now - negativeAt < this.options.ttlMs) return null;
    return undefined;
  }

  /** The key a presented secret belongs to (null: unknown). */
  get(secret: string): Promise<CacheResult> {
    // The HMACs are computed only on a miss: the warm path costs one SHA-256, whatever the peppers.
    return this.resolve(cacheKeyOf(secret), () => {
      const hashes = hashUnderEach(this.options.peppers, secret);
      // secret_hash alone is what identity versions before pepper rotation read.
      return { secret_hash: hashes[0]?.hash ?? '', secret_hashes: hashes };
    });
  }

  /** The key an access token was issued for: its current state decides, not only the token's expiry. */
  getById(keyId: string): Promise<CacheResult> {
    return this.resolve(`id:${keyId}`, () => ({ key_id: keyId }));
  }

  private async resolve(cacheKey: string, request: () => KeyLookupRequest): Promise<CacheResult> {
    const now = this.now();
    const entry = this.positive.peek(cacheKey);
    if (entry) {
      const age = now - entry.fetchedAt;
      if (age < this.options.ttlMs) return { ok: true, key: entry.key };
      if (age < this.options.maxStaleMs) {
        void this.load(cacheKey, request).catch(() => undefined);
        return { ok: true, key: entry.key };
      }
    }
    const negativeAt = this.negative?.peek(cacheKey);
    if (negativeAt !== undefined && now - negativeAt < this.options.ttlMs) return { ok: true, key: null };
    try {
      return { ok: true, key: await this.load(cacheKey, request) };
    } catch {
      return { ok: false, reason: 'lookup_failed' };
    }
  }

  /** Drops every cached entry of a key (revoked, rotated, updated, deleted). */
  evict(keyId: string): number {
    const cacheKeys = this.noteChange(keyId);
    if (!cacheKeys) return 0;
    for (const cacheKey of cacheKeys) this.positive.delete(cacheKey);
    this.byKeyId.delete(keyId);
    return cacheKeys.size;
  }

  /**
   * A revoked key (revoke, delete): its cached entries stay, marked revoked, so every request with
   * it is refused at once, without a lookup (evicting would make the next request ask identity).
   * A lookup already in flight is asked again, as after an eviction.
   */
  markRevoked(keyId: string): number {
    const cacheKeys = this.noteChange(keyId);
    if (!cacheKeys) return 0;
    for (const cacheKey of cacheKeys) {
      const entry = this.positive.peek(cacheKey);
      if (!entry?.key) continue;
      entry.key = cachedKeyOf({ ...entry.key.snapshot, status: 'revoked' }, entry.key);
    }
    return cacheKeys.size;
  }

  /**
   * Records that a key changed (a lookup in flight from before will ask again; the record is
   * bounded) and returns the cache keys it is held under.
   */
  private noteChange(keyId: string): Set<string> | undefined {
    this.evictionEpoch += 1;
    this.evictions.set(keyId, this.evictionEpoch);
    return this.byKeyId.get(keyId);
  }

  get size(): { positive: number; negative: number } {
    return { positive: this.positive.size, negative: this.negative?.size ?? 0 };
  }

  private load(cacheKey: string, request: () => KeyLookupRequest): Promise<CachedKey | null> {
    const pending = this.inFlight.get(cacheKey);
    if (pending) return pending;
    const promise = this.fetch(cacheKey, request()).finally(() => this.inFlight.delete(cacheKey));
    this.inFlight.set(cacheKey, promise);
    return promise;
  }

  private async fetch(cacheKey: string, request: KeyLookupRequest): Promise<CachedKey | null> {
    this.lookups += 1;
    const startedAt = this.evictionEpoch;
    const reply = await this.options.lookup(request);
    const now = this.now();
    // The key was evicted while we waited: this answer may predate the change, so ask again.
    if (reply.found && (this.evictions.peek(reply.key.key_id) ?? 0) > startedAt)
      return this.fetch(cacheKey, request);
    if (!reply.found) {
      this.forget(cacheKey);
      this.rememberUnknown(cacheKey, now);
      return null;
    }
    const key = cachedKeyOf(reply.key, compileConstraints(reply.key));
    // Set anew, so the order is the order of fetching: the least recently fetched goes first.
    this.forget(cacheKey);
    this.positive.set(cacheKey, { key, fetchedAt: now });
    this.negative?.delete(cacheKey);
    let aliases = this.byKeyId.get(reply.key.key_id);
    if (!aliases) this.byKeyId.set(reply.key.key_id, (aliases = new Set()));
    aliases.add(cacheKey);
    return key;
  }

  private forget(cacheKey: string): void {
    const entry = this.positive.peek(cacheKey);
    if (entry) this.unalias(entry, cacheKey);
    this.positive.delete(cacheKey);
  }

  private unalias(entry: Entry, cacheKey: string): void {
    if (!entry.key) return;
    const keyId = entry.key.snapshot.key_id;
    const aliases = this.byKeyId.get(keyId);
    aliases?.delete(cacheKey);
    if (aliases?.size === 0) this.byKeyId.delete(keyId);
  }

  private rememberUnknown(cacheKey: string, now: number): void {
    // Set anew: the order is the order of finding unknown, the oldest going first.
    this.negative?.delete(cacheKey);
    this.negative?.set(cacheKey, now);
  }
}

type Constraints = Pick<CachedKey, 'ipAllowList' | 'allowedPaths'>;

/** The snapshot's allow-lists in the form the hot path checks them: built once per snapshot. */
function compileConstraints(snapshot: KeySnapshot): Constraints {
  return {
    ipAllowList: new IpAllowList(snapshot.allowed_ips),
    allowedPaths: snapshot.allowed_paths.map((glob) => PathGlob.compile(glob)),
  };
}

function cachedKeyOf(snapshot: KeySnapshot, { ipAllowList, allowedPaths }: Constraints): CachedKey {
  return {
    snapshot,
    ipAllowList,
    allowedPaths,
    principal: {
      org_id: snapshot.org_id,
      subject: snapshot.key_id,
      kind: 'api_key',
      key_id: snapshot.key_id,
      scopes: snapshot.scopes,
    },
    principals: new Map(),
  };
}
