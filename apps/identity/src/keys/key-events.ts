import type { ChangeContext, KeyCreatedData } from '@latchkey/contracts';
import type { ApiKey } from './api-key.entity';

/** `key.created` of a key just issued: what it is and may do, never its secret. */
export function keyCreatedData(key: ApiKey, ctx: ChangeContext): KeyCreatedData {
  return {
    key_id: key.id,
    public_id: key.publicId,
    prefix: key.prefix,
    name: key.name,
    environment: key.environment,
    scopes: key.scopes,
    expires_at: key.expiresAt?.toISOString() ?? null,
    ...(key.canary ? { canary: true } : {}),
    ...ctx,
  };
}
