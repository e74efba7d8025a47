import { z } from 'zod';
import {
  busPublicKeysEnv,
  databaseEnv,
  httpEnv,
  jwkEnv,
  natsEnv,
  streamSettingsRule,
} from '@latchkey/runtime';

export const dataApiConfigSchema = z
  .object({
    ...httpEnv(8082, 9092),
    ...databaseEnv('data'),
    ...natsEnv,
    /** The gateway's Ed25519 public JWK: the only signer of principals this service accepts. */
    PRINCIPAL_PUBLIC_KEY: jwkEnv(),
    /** Identity's Ed25519 public JWKs (JSON array, with kid): a webhook-connection reply counts only if they verify it. */
    BUS_PUBLIC_KEYS: busPublicKeysEnv(),
    /** How long a webhook ingest waits for identity to say whether its connection is active (then 502). */
    IDENTITY_LOOKUP_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2_000),
  })
  .superRefine(streamSettingsRule);
export type DataApiConfig = z.infer<typeof dataApiConfigSchema>;
export const DATA_API_CONFIG = Symbol('DATA_API_CONFIG');
