import { createHmac, hash, timingSafeEqual } from 'node:crypto';

/** Algorithms a stored secret hash may use; stored per key in `hash_alg` so it can change. */
export const HashAlgorithm = { HmacSha256: 'hmac-sha256' } as const;
export type HashAlgorithm = (typeof HashAlgorithm)[keyof typeof HashAlgorithm];

/** The at-rest form of a secret: HMAC-SHA-256 keyed with the server pepper, hex. */
export function hashSecret(pepper: string, secret: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}

/**
 * The gateway's in-memory cache key for a presented secret: one cheap one-shot SHA-256,
 * so a warm verification costs no HMAC object. Never stored, never sent anywhere.
 */
export function cacheKeyOf(secret: string): string {
  // One-shot hash: no Hash object per call (≈ 5× cheaper on the hot path).
  return hash('sha256', secret, 'base64url');
}

/**
 * A server pepper and its id. Several are configured during a rotation: new secrets are hashed
 * under the first, a presented secret is looked up under each, and one found under an older pepper
 * is re-hashed under the first. See docs/adr/0017-rotation-of-every-secret.md.
 */
export interface Pepper {
  /** The operator's name for it, recorded on each secret row (`pepper_id`). */
  id: string;
  secret: string;
  /**
   * What names this pepper on the bus: derived from the pepper itself, so a gateway and identity
   * that hold different secrets under one id never take each other's hashes for the same pepper.
   * Reveals nothing of the pepper (an HMAC of a fixed label).
   */
  tag: string;
}

/** The id the single KEY_PEPPER of earlier versions stands for (and existing rows record). */
export const LEGACY_PEPPER_ID = 'legacy';

export function pepperOf(id: string, secret: string): Pepper {
  return {
    id,
    secret,
    tag: createHmac('sha256', secret).update('latchkey pepper tag').digest('hex').slice(0, 16),
  };
}

/** A secret's hash under one pepper, named by the pepper's tag: never the secret itself. */
export interface PepperedHash {
  pepper: string;
  hash: string;
}

/** The secret's hash under each pepper, the first pepper's first (one HMAC per pepper, ≈ 1–3 µs each). */
export function hashUnderEach(peppers: readonly Pepper[], secret: string): PepperedHash[] {
  return peppers.map((pepper) => ({ pepper: pepper.tag, hash: hashSecret(pepper.secret, secret) }));
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
