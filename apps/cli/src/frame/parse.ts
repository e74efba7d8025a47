import { InvalidArgumentError } from 'commander';

/**
 * Option parsers for commander: a bad value is a usage error (exit code 2) naming the option,
 * before anything is sent.
 */

/** A whole number within [min, max]. */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max)
      throw new InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`,
      );
    return value;
  };
}

/** A repeatable option (`--scope a --scope b`), also taking commas (`--scope a,b`). */
export function collect(raw: string, previous: string[] | undefined): string[] {
  const values = raw
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return [...(previous ?? []), ...values];
}

/** `true`/`false` (also yes/no, on/off, 1/0) for a policy's switches. */
export function boolean(raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(value)) return true;
  if (['false', 'no', 'off', '0'].includes(value)) return false;
  throw new InvalidArgumentError('true or false');
}

/**
 * A number, or `none` for no limit. `none` stays a word here (commander turns a parser's null into
 * an empty string): `noneAsNull` makes it the API's null.
 */
export function integerOrNone(min: number, max?: number): (raw: string) => number | 'none' {
  const parse = integer(min, max);
  return (raw) => (/^(none|null)$/i.test(raw.trim()) ? 'none' : parse(raw));
}

export function noneAsNull<T>(value: T | 'none'): T | null {
  return value === 'none' ? null : value;
}

export interface RateLimit {
  limit: number;
  window_seconds: number;
}

/** `--rate-limit 100/60`: requests per window in seconds (`100/1m`, `1000/1h` too; `100` is per minute). */
export function rateLimit(raw: string): RateLimit {
  const match = /^\s*(\d+)\s*(?:\/\s*(\d+)\s*([smh]?))?\s*$/i.exec(raw);
  const unit = { '': 1, s: 1, m: 60, h: 3600 } as const;
  if (!match) throw new InvalidArgumentError('REQUESTS/SECONDS, e.g. 100/60 (or 100/1m, 1000/1h)');
  const limit = Number(match[1]);
  const window =
    match[2] === undefined
      ? 60
      : Number(match[2]) * unit[(match[3] ?? '').toLowerCase() as keyof typeof unit];
  if (limit < 1 || window < 1) throw new InvalidArgumentError('both numbers must be at least 1');
  return { limit, window_seconds: window };
}

/** An instant for a filter: RFC 3339, or a duration back from now (`15m`, `2h`, `7d`). */
export function instant(now: () => Date = () => new Date()): (raw: string) => string {
  return (raw) => {
    const ago = /^\s*(\d+)\s*([smhd])\s*$/i.exec(raw);
    if (ago) {
      const unit = (ago[2] ?? 's').toLowerCase() as 's' | 'm' | 'h' | 'd';
      const seconds = { s: 1, m: 60, h: 3600, d: 86_400 }[unit];
      return new Date(now().getTime() - Number(ago[1]) * seconds * 1000).toISOString();
    }
    if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(Date.parse(raw)))
      throw new InvalidArgumentError(
        'an RFC 3339 time (2026-12-01T00:00:00Z) or a duration ago (15m, 2h, 7d)',
      );
    return raw;
  };
}

/** Drops the undefined members: a body or query carries only what was given. */
export function defined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** A time for a table: `2026-12-04 16:55Z`, or `never`/`-` when there is none. */
export function when(iso: string | null | undefined, none = '-'): string {
  if (!iso) return none;
  return iso.replace('T', ' ').replace(/:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, '$2');
}
