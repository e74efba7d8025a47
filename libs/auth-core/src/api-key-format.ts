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
  const check = checkSecret(candidate);
  if (check !== 'ok') return { ok: false, reason: check };
  return {
    ok: true,
    environment: candidate.startsWith('lk_live_') ? 'live' : 'test',
    prefix: candidate.slice(0, PREFIX_LENGTH),
  };
}

/**
 * `parseSecret` for the gateway's hot path: the same verdict with nothing allocated. The checksum
 * is compared as a number (CRC-32 computed over the ASCII characters in place, the stored base62
 * decoded) instead of encoding the CRC and slicing strings.
 */
export function checkSecret(candidate: string): 'ok' | 'malformed' | 'bad_checksum' {
  if (candidate.length !== SECRET_LENGTH || !SECRET_PATTERN.test(candidate)) return 'malformed';
  const bodyLength = SECRET_LENGTH - CHECKSUM_LENGTH;
  return crc32Ascii(candidate, bodyLength) === decodeBase62(candidate, bodyLength) ? 'ok' : 'bad_checksum';
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

/** CRC-32 (IEEE, as zlib's) of the first `end` characters of an ASCII string. */
function crc32Ascii(text: string, end: number): number {
  let c = -1;
  for (let i = 0; i < end; i++) c = (CRC32_TABLE[(c ^ text.charCodeAt(i)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const BASE62_VALUES = (() => {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < BASE62_ALPHABET.length; i++) values[BASE62_ALPHABET.charCodeAt(i)] = i;
  return values;
})();

/** The number the base62 characters from `start` to the end encode (they are known to be base62). */
function decodeBase62(text: string, start: number): number {
  let value = 0;
  for (let i = start; i < text.length; i++)
    value = value * 62 + (BASE62_VALUES[text.charCodeAt(i)] as number);
  return value;
}

export function isPublicId(candidate: string): boolean {
  return PUBLIC_ID_PATTERN.test(candidate);
}

export function looksLikeSecret(candidate: string): boolean {
  return candidate.startsWith('lk_live_') || candidate.startsWith('lk_test_');
}
