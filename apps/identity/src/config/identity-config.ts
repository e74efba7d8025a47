import { z } from 'zod';
import { databaseEnv, httpEnv, jwkEnv, natsEnv } from '@latchkey/runtime';

export const identityConfigSchema = z.object({
  ...httpEnv(8081, 9091),
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
  /** Lifetime of access tokens issued for API keys (POST /auth/token). */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  EXPIRY_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  /** Failed logins allowed per account and per client IP in LOGIN_WINDOW_SECONDS. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(10_000).default(10),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(30),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
});

export type IdentityConfig = z.infer<typeof identityConfigSchema>;
export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');
