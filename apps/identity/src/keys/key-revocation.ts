import { EventType, type ChangeContext, type KeyRevokedData } from '@latchkey/contracts';
import type { Transaction } from '@latchkey/runtime';
import { recordEvent } from '../events';
import type { ApiKey } from './api-key.entity';

/**
 * Revokes a key locked in the change `tx` runs and stages its `key.revoked`: what a single
 * revocation does to the row, for changes that revoke many keys together (bulk revocation).
 */
export function revokeLocked(
  tx: Transaction,
  key: ApiKey,
  reason: string,
  ctx: ChangeContext,
  now: Date,
): void {
  key.status = 'revoked';
  key.revokedAt = now;
  key.revokedReason = reason;
  key.updatedAt = now;
  const data: KeyRevokedData = { key_id: key.id, reason, ...ctx };
  recordEvent(tx, EventType.KeyRevoked, key.orgId, key.id, data);
}
