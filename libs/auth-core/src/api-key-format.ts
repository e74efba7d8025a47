import { crc32 } from 'node:zlib';
import { encodeBase62, randomBase62 } from './base62';

/**
 * Secret format: `lk_{live|test}_` + 40 random base62 + 6 base62 of CRC32 over everything before it.
 * The checksum lets the gateway refuse typos and random guesses without any lookup, and lets
 * secret scanners recognise a real key. Wire format: changing it breaks every issued key.
 */
export type KeyEnvironment = 'live' | 'test';

const RANDOM_LENGTH = 40;
const CHECKSUM_LENGTH = 6;
const SECRET_PATTERN = /^lk_(live|test)_([0-9A-Za-z]{46})$/;
export const SECRET_LENGTH = 'lk_live_'.length + RANDOM_LENGTH + CHECKSUM_LENGTH;
/** Characters shown for recognition in lists: `lk_live_AbCd`. */
export const PREFIX_LENGTH = 12;

export const PUBLIC_ID_PREFIX = 'lk_pub_';
const PUBLIC_ID_PATTERN = /^lk_pub_[0-9A-Za-z]{24}$/;

export function checksumOf(body: string): string {
  return encodeBase62(crc32(body) >>> 0, CHECKSUM_LENGTH);
}

export function generateSecret(environment: KeyEnvironment): string {
  const body = `lk_${environment}_${randomBase62(RANDOM_LENGTH)}`;
  return body + checksumOf(body);
}

export function generatePublicId(): string {
  return PUBLIC_ID_PREFIX + randomBase62(24);
}

export type ParsedSecret =
  | { ok: true; environment: KeyEnvironment; prefix: string }
  | { ok: false; reason: 'malformed' | 'bad_checksum' };

/** Checks shape and checksum only: pure CPU, no lookup. */
export function parseSecret(candidate: string): ParsedSecret {
  const match = SECRET_PATTERN.exec(candidate);
  if (!match) return { ok: false, reason: 'malformed' };
  const body = candidate.slice(0, -CHECKSUM_LENGTH);
  if (checksumOf(body) !== candidate.slice(-CHECKSUM_LENGTH)) return { ok: false, reason: 'bad_checksum' };
  return { ok: true, environment: match[1] as KeyEnvironment, prefix: candidate.slice(0, PREFIX_LENGTH) };
}

export function isPublicId(candidate: string): boolean {
  return PUBLIC_ID_PATTERN.test(candidate);
}

export function looksLikeSecret(candidate: string): boolean {
  return candidate.startsWith('lk_live_') || candidate.startsWith('lk_test_');
}
