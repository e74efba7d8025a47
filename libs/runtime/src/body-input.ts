import { parse as parseQueryString } from 'node:querystring';
import { isWellFormedText, TEXT_MESSAGE } from './input-types';

/**
 * Bounds on a parsed request body, whatever route it is for. A body is at most the service's body
 * limit in bytes (1 MiB); within it, these keep the work and the memory a body causes linear and
 * small, and keep out what no column can store.
 */
export interface BodyLimits {
  /** Nesting of arrays and objects. Requests of this API nest a handful of levels; webhook payloads a dozen. */
  maxDepth: number;
  /** Object members in the whole body. */
  maxMembers: number;
}

export const BODY_LIMITS: BodyLimits = { maxDepth: 64, maxMembers: 10_000 };

export type BodyCheck = { ok: true; value: unknown } | { ok: false; detail: string };

const refuse = (detail: string): BodyCheck => ({ ok: false, detail: `body: ${detail}` });

/**
 * Deepest nesting of a JSON text, counted without parsing (brackets inside strings do not count),
 * stopping as soon as it passes `max`: nothing deeper ever reaches a recursive parser or walker.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Checks a parsed body: every string and key well-formed text, every number finite, no key that
 * could reach an object's prototype, at most `maxMembers` object members. Iterative: the depth was
 * bounded before parsing, and even so a walk never recurses.
 */
export function checkBodyValue(value: unknown, limits: BodyLimits = BODY_LIMITS): BodyCheck {
  let members = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (!isWellFormedText(item)) return refuse(`text ${TEXT_MESSAGE}`);
    } else if (typeof item === 'number') {
      if (!Number.isFinite(item)) return refuse('a number is out of range');
    } else if (Array.isArray(item)) {
      for (const element of item) pending.push(element);
    } else if (item !== null && typeof item === 'object') {
      for (const key of Object.keys(item)) {
        if (++members > limits.maxMembers) return refuse(`more than ${limits.maxMembers} object members`);
        if (!isWellFormedText(key)) return refuse(`keys ${TEXT_MESSAGE}`);
        const member = (item as Record<string, unknown>)[key];
        // The keys secure-json-parse refuses (Fastify's default): they can reach a prototype when
        // merged into another object.
        if (key === '__proto__') return refuse('"__proto__" is not allowed as a key');
        if (key === 'constructor' && member !== null && typeof member === 'object' && 'prototype' in member)
          return refuse('"constructor.prototype" is not allowed');
        pending.push(member);
      }
    }
  }
  return { ok: true, value };
}

/** A JSON request body: parsed, and checked against the limits (depth before parsing). */
export function parseJsonBody(text: string, limits: BodyLimits = BODY_LIMITS): BodyCheck {
  if (text.trim() === '') return refuse('empty, but the content type says JSON');
  if (jsonDepthExceeds(text, limits.maxDepth)) return refuse(`nested deeper than ${limits.maxDepth} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse('not valid JSON');
  }
  return checkBodyValue(value, limits);
}

/** A form body (`application/x-www-form-urlencoded`), checked like JSON. */
export function parseFormBody(text: string, limits: BodyLimits = BODY_LIMITS): BodyCheck {
  // A null-prototype object (no key of a form reaches Object.prototype); one member past the limit
  // is read, so that a longer form is refused rather than silently cut.
  const value = parseQueryString(text, '&', '=', { maxKeys: limits.maxMembers + 1 });
  return checkBodyValue(value, limits);
}

/** A text body, as it came (a webhook sender's payload), if it is text the services can store. */
export function parseTextBody(text: string): BodyCheck {
  return isWellFormedText(text) ? { ok: true, value: text } : refuse(`text ${TEXT_MESSAGE}`);
}
