import { z } from 'zod';

/**
 * Text the services can store and send on: no NUL (PostgreSQL's text, varchar and jsonb refuse it,
 * and its wire protocol ends a string there) and no unpaired UTF-16 surrogate (not text at all:
 * jsonb refuses `\ud800`, and UTF-8 cannot encode it).
 */
export function isWellFormedText(value: string): boolean {
  return value.isWellFormed() && !value.includes('\u0000');
}

export const TEXT_MESSAGE = 'must not contain NUL characters or unpaired surrogates';

/**
 * The string type of every request schema: `text().trim().min(1).max(200)` where one would write
 * `z.string()…`. Constrain further as with any zod string.
 */
export function text() {
  return z.string().refine(isWellFormedText, TEXT_MESSAGE);
}

/**
 * Instants both PostgreSQL (`timestamptz`) and JavaScript round-trip, written with four-digit years:
 * year 1 to 9999 in UTC. An offset may carry a four-digit year out of it (`9999-12-31T23:59-23:59`
 * is year 10000), so the instant is checked, not the text.
 */
export const EARLIEST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

function instantInRange(value: string): boolean {
  const time = Date.parse(value);
  return Number.isFinite(time) && time >= EARLIEST_INSTANT && time <= LATEST_INSTANT;
}

/** An RFC 3339 timestamp with an offset (or Z), between years 1 and 9999 in UTC. */
export function isoDateTime() {
  return z.iso
    .datetime({ offset: true })
    .refine(instantInRange, 'must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z');
}

/** A calendar date (YYYY-MM-DD) between 0001-01-01 and 9999-12-31: PostgreSQL has no year 0. */
export function isoDate() {
  return z.iso
    .date()
    .refine((value) => !value.startsWith('0000-'), 'must be between 0001-01-01 and 9999-12-31');
}
