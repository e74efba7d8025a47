import { crc32 } from 'node:zlib';
import { BASE62_ALPHABET, encodeBase62, randomBase62 } from './base62';

/**
 * Secret format: `lk_{live|test}_` + 40 random base62 + 6 base62 of CRC32 over everything before it.
 * The checksum lets the gateway refuse typos and random guesses without any lookup, and lets
 * secret scanners recognise a real key. Wire format: changing it breaks every issued key.
 */
export type KeyEnvironment = 'live' | 'test';

const RANDOM_LENGTH = 40;
const CHECKSUM_LENGTH = 6;
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
  const check = checkSecret(candidate);
  if (check !== 'ok') return { ok: false, reason: check };
  return {
    ok: true,
    environment: candidate.startsWith('lk_live_') ? 'live' : 'test',
    prefix: candidate.slice(0, PREFIX_LENGTH),
  };
}

/**
 * `parseSecret` for the gateway's hot path: the same verdict in one pass over the characters, with
 * nothing allocated. The CRC-32 is computed over the ASCII characters in place and compared, as a
 * number, with the decoded base62 checksum, instead of encoding the CRC and slicing strings.
 */
export function checkSecret(candidate: string): 'ok' | 'malformed' | 'bad_checksum' {
  if (candidate.length !== SECRET_LENGTH) return 'malformed';
  if (!candidate.startsWith('lk_live_') && !candidate.startsWith('lk_test_')) return 'malformed';
  const bodyLength = SECRET_LENGTH - CHECKSUM_LENGTH;
  const prefixLength = 'lk_live_'.length;
  let crc = -1;
  for (let i = 0; i < bodyLength; i++) {
    const code = candidate.charCodeAt(i);
    if (i >= prefixLength && (code > 127 || (BASE62_VALUES[code] as number) < 0)) return 'malformed';
    crc = (CRC32_TABLE[(crc ^ code) & 0xff] as number) ^ (crc >>> 8);
  }
  let checksum = 0;
  for (let i = bodyLength; i < SECRET_LENGTH; i++) {
    const code = candidate.charCodeAt(i);
    const value = code > 127 ? -1 : (BASE62_VALUES[code] as number);
    if (value < 0) return 'malformed';
    checksum = checksum * 62 + value;
  }
  return (crc ^ -1) >>> 0 === checksum ? 'ok' : 'bad_checksum';
}

const CRC32_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

const BASE62_VALUES = (() => {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < BASE62_ALPHABET.length; i++) values[BASE62_ALPHABET.charCodeAt(i)] = i;
  return values;
})();

export function isPublicId(candidate: string): boolean {
  return PUBLIC_ID_PATTERN.test(candidate);
}

export function looksLikeSecret(candidate: string): boolean {
  return candidate.startsWith('lk_live_') || candidate.startsWith('lk_test_');
}
