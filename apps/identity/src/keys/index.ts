/** API keys: issued, changed, rotated and revoked through KeysService, read through ApiKeyRepository. */
export {
  ApiKeySchema,
  ApiKeySecretSchema,
  DEFAULT_RATE_LIMIT,
  effectiveStatus,
  secretValidityOf,
  toKeyView,
  toSnapshot,
  type ApiKey,
  type ApiKeySecret,
} from './api-key.entity';
export { ApiKeyRepository } from './api-key.repository';
export { keyCreatedData } from './key-events';
export { KeySourceRepository } from './key-source.repository';
export { EXERCISE_WINDOW_MS, KeyExerciseRepository } from './key-exercise.repository';
export { revokeLocked } from './key-revocation';
export type { NewKey } from './key-issuance';
export { KeysModule } from './keys.module';
export { KeysService, type KeyActor } from './keys.service';
export { secretEnded, type PresentedHash } from './presented-secret';
