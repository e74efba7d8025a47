import type { Pepper } from '@latchkey/auth-core';

/** A presented secret's hash, named by the tag of the pepper it was made with when the sender says. */
export interface PresentedHash {
  pepper?: string;
  hash: string;
}

/** What the re-hash decision needs of a found secret row. */
export interface FoundSecret {
  secretHash: string;
  pepperId: string;
  validUntil?: Date | null;
}

/** Whether the secret has ended by `now` (a rotated-away secret past its grace end). */
export function secretEnded(row: { validUntil?: Date | null }, now: Date): boolean {
  return row.validUntil != null && row.validUntil <= now;
}

/**
 * The row's new hash when a presented secret was found under another pepper than the first
 * configured one and the sender gave its hash under the first one (named by that pepper's tag):
 * during a pepper rotation every secret in use moves to the new pepper the first time it is
 * presented, and the old pepper can go once no live row names it. Undefined: leave the row as it is
 * (already there, ended, or no hash under the first pepper to move it to).
 */
export function rehashOf(
  row: FoundSecret,
  hashes: readonly PresentedHash[],
  peppers: readonly Pepper[],
  now: Date,
): { secretHash: string; pepperId: string } | undefined {
  if (secretEnded(row, now)) return undefined;
  const current = peppers[0];
  const fresh = current ? hashes.find((h) => h.pepper === current.tag) : undefined;
  if (!current || !fresh) return undefined;
  if (row.secretHash === fresh.hash && row.pepperId === current.id) return undefined;
  return { secretHash: fresh.hash, pepperId: current.id };
}
