import { z } from 'zod';
import { databaseEnv, httpEnv, jwkEnv, natsEnv } from '@latchkey/runtime';

export const dataApiConfigSchema = z.object({
  ...httpEnv(8082, 9092),
  ...databaseEnv('data'),
  ...natsEnv,
  /** The gateway's Ed25519 public JWK: the only signer of principals this service accepts. */
  PRINCIPAL_PUBLIC_KEY: jwkEnv(),
});
export type DataApiConfig = z.infer<typeof dataApiConfigSchema>;
