import type { EntityManager } from '@mikro-orm/core';
import type { Pepper } from '@latchkey/auth-core';
import { ApiKeySecretSchema, type ApiKeySecret } from './api-key.entity';

/** A presented secret's hash, named by the tag of the pepper it was made with when the sender says. */
export interface PresentedHash {
  pepper?: string;
  hash: string;
}

/**
 * The secret row a presented secret names, found by its hash under any pepper (the gateway sends
 * one per pepper it holds; identity hashes under each of its own). When the row was found under
 * another pepper than the first configured one, and the first one's hash is among `hashes`, the row
 * is re-hashed under it: during a pepper rotation every secret in use moves to the new pepper the
 * first time it is presented, and the old pepper can go once no live row names it.
 *
 * The re-hash is its own statement, guarded by the hash it replaces (a concurrent re-hash from
 * another replica, or a rotation of the secret, wins). It changes nothing anyone can observe, so it
 * raises no event; a failure only leaves the row for the next presentation.
 */
export async function findPresentedSecret(
  em: EntityManager,
  hashes: readonly PresentedHash[],
  peppers: readonly Pepper[],
  now: Date,
): Promise<ApiKeySecret | null> {
  if (hashes.length === 0) return null;
  const row = await em.findOne(ApiKeySecretSchema, { secretHash: { $in: hashes.map((h) => h.hash) } });
  if (!row || (row.validUntil != null && row.validUntil <= now)) return row;
  const current = peppers[0];
  const fresh = current ? hashes.find((h) => h.pepper === current.tag) : undefined;
  if (current && fresh && (row.secretHash !== fresh.hash || row.pepperId !== current.id)) {
    try {
      await em.nativeUpdate(
        ApiKeySecretSchema,
        { id: row.id, secretHash: row.secretHash },
        { secretHash: fresh.hash, pepperId: current.id },
      );
    } catch {
      // Left under the old pepper: still found under it, re-hashed on a later presentation.
    }
  }
  return row;
}
