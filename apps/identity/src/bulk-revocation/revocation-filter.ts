import { anyScopeAllows } from '@latchkey/auth-core';
import type { KeyRevocationFilter } from '@latchkey/api-routes';

/** Keys expiring within seven days show as "expiring soon" (the keys list's meaning). */
const EXPIRING_SOON_MS = 7 * 86_400_000;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The criteria on `api_keys` a filter decides (MikroORM's query object, AND of every entry). */
export type KeyCriteria = Record<string, unknown>;

/**
 * The SQL side of a revocation filter (ADR 0025): every criterion the `api_keys` row can answer.
 * Revoked and deleted keys never match: there is nothing left to revoke. `scope` (a grant, which
 * wildcards decide) and `last_used_from` (the recorded addresses) are decided after the query, by
 * `grantsScope` and the addresses' repository.
 */
export function keyCriteria(orgId: string, filter: KeyRevocationFilter, now: Date): KeyCriteria {
  const and: KeyCriteria[] = [{ orgId, deletedAt: null }, { status: { $ne: 'revoked' } }];
  if (filter.ids) and.push({ id: { $in: filter.ids } });
  if (filter.status === 'active')
    and.push({ status: 'active', $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] });
  if (filter.status === 'expiring_soon')
    and.push({ status: 'active', expiresAt: { $gt: now, $lte: new Date(now.getTime() + EXPIRING_SOON_MS) } });
  if (filter.status === 'expired')
    and.push({ $or: [{ status: 'expired' }, { status: 'active', expiresAt: { $lte: now } }] });
  if (filter.environment) and.push({ environment: filter.environment });
  if (filter.q) {
    const search = `%${escapeLike(filter.q)}%`;
    and.push({ $or: [{ name: { $ilike: search } }, { prefix: { $ilike: search } }] });
  }
  if (filter.created_by) and.push({ createdBy: filter.created_by });
  if (filter.prefix) and.push({ prefix: { $like: `${escapeLike(filter.prefix)}%` } });
  if (filter.created_before) and.push({ createdAt: { $lt: new Date(filter.created_before) } });
  if (filter.created_after) and.push({ createdAt: { $gt: new Date(filter.created_after) } });
  if (filter.unused_since)
    and.push({ $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: new Date(filter.unused_since) } }] });
  return { $and: and };
}

/**
 * Does a key with these scopes grant `scope`? It holds it, or a wildcard over it (`leads:*` and `*`
 * grant `leads:read`): the blast radius of a scope is every key that can exercise it.
 */
export function grantsScope(keyScopes: readonly string[], scope: string): boolean {
  if (keyScopes.includes(scope)) return true;
  const [base, instance] = scope.split('@');
  if (base === '*') return keyScopes.includes('*');
  return anyScopeAllows(keyScopes, base as string, instance);
}
