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

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
