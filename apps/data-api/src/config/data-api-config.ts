import { z } from 'zod';
import {
  busPublicKeysEnv,
  databaseEnv,
  httpEnv,
  natsEnv,
  principalKeysEnv,
  refinePrincipalKeys,
  streamSettingsRule,
} from '@latchkey/runtime';

export const dataApiConfigSchema = z
  .object({
    ...httpEnv(8082, 9092),
    ...databaseEnv('data'),
    ...natsEnv,
    /** The gateway's Ed25519 public JWKs: the only signers of principals this service accepts. */
    ...principalKeysEnv,
    /** Identity's Ed25519 public JWKs (JSON array, with kid): a webhook-connection reply counts only if they verify it. */
    BUS_PUBLIC_KEYS: busPublicKeysEnv(),
    /** How long a webhook ingest waits for identity to say whether its connection is active (then 502). */
    IDENTITY_LOOKUP_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(50)
      .max(30_000)
      .default(2_000)
      .describe("wait for identity's word on a webhook connection (then 502)"),
  })
  .superRefine(streamSettingsRule)
  .superRefine(refinePrincipalKeys);
export type DataApiConfig = z.infer<typeof dataApiConfigSchema>;
export const DATA_API_CONFIG = Symbol('DATA_API_CONFIG');
