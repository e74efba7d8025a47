/** API keys: issued, changed, rotated and revoked through KeysService, read through ApiKeyRepository. */
export {
  ApiKeySchema,
  ApiKeySecretSchema,
  DEFAULT_RATE_LIMIT,
  effectiveStatus,
  secretValidityOf,
  toSnapshot,
  type ApiKey,
  type ApiKeySecret,
} from './api-key.entity';
export { ApiKeyRepository } from './api-key.repository';
export { keyCreatedData } from './key-events';
export type { NewKey } from './key-issuance';
export { KeysModule } from './keys.module';
export { KeysService, type KeyActor } from './keys.service';
export { secretEnded, type PresentedHash } from './presented-secret';
