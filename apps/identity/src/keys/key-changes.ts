import type { KeyFieldChanges } from '@latchkey/contracts';
import type { ApiKey } from './api-key.entity';

/**
 * What a key update may change, under the key's API field names: the only fields `key.updated`
 * compares and reports. An allowlist, so a secret, its hash or prefix can never reach the event.
 */
export type KeyFields = { [F in keyof KeyFieldChanges]-?: NonNullable<KeyFieldChanges[F]>['old'] };

export const KEY_FIELDS = [
  'name',
  'description',
  'scopes',
  'allowed_paths',
  'allowed_ips',
  'rate_limit',
  'expires_at',
] as const satisfies readonly (keyof KeyFields)[];

/** The compared fields of a key as it is now; copies, so later edits of the key do not reach them. */
export function keyFieldsOf(key: ApiKey): KeyFields {
  return {
    name: key.name,
    description: key.description ?? null,
    scopes: [...key.scopes],
    allowed_paths: [...key.allowedPaths],
    allowed_ips: [...key.allowedIps],
    rate_limit: { ...key.rateLimit },
    expires_at: key.expiresAt?.toISOString() ?? null,
  };
}

/**
 * The fields whose value differs between `before` and `after` (deep equality: an array written
 * again with the same items is no change), each with its old and new value. Empty when nothing
 * changed. Pure: no I/O, no clock.
 */
export function changesOf(before: KeyFields, after: KeyFields): KeyFieldChanges {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const field of KEY_FIELDS) {
    if (!sameValue(before[field], after[field])) changes[field] = { old: before[field], new: after[field] };
  }
  return changes as KeyFieldChanges;
}

/**
 * Equality of JSON values by content: arrays item by item in order, objects key by key whatever
 * their prototype (a value parsed from a request and one read from the database compare equal).
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(item, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((k) => Object.hasOwn(right, k) && sameValue(left[k], right[k]))
  );
}
