import { z } from 'zod';
import { databaseEnv, httpEnv, jwkEnv, natsEnv } from '@latchkey/runtime';

export const identityConfigSchema = z.object({
  ...httpEnv(8081),
  ...databaseEnv('identity'),
  ...natsEnv,
  /** Server pepper for secret hashes. Sensitive: never logged. */
  KEY_PEPPER: z.string().min(32, 'at least 32 characters'),
  /** Ed25519 private JWKs (JSON array, each with a kid); the first signs, all are published. */
  TOKEN_SIGNING_KEYS: z.string().transform((text, ctx) => {
    try {
      const keys = JSON.parse(text) as unknown[];
      if (!Array.isArray(keys) || keys.length === 0) throw new Error('empty');
      return keys.map((key) => jwkEnv().parse(JSON.stringify(key)));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of Ed25519 private JWKs' });
      return z.NEVER;
    }
  }),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(365 * 86400).default(12 * 3600),
});

export type IdentityConfig = z.infer<typeof identityConfigSchema>;
export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');
