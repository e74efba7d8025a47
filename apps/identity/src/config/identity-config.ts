import { z } from 'zod';
import { parseReporterKeys, type Pepper } from '@latchkey/auth-core';
import {
  busSigningKeysEnv,
  databaseEnv,
  httpEnv,
  jwkEnv,
  keyPeppers,
  keyPeppersEnv,
  refineKeyPeppers,
  natsEnv,
  principalKeysEnv,
  refinePrincipalKeys,
  streamSettingsRule,
} from '@latchkey/runtime';

export const identityConfigSchema = z
  .object({
    ...httpEnv(8081, 9091),
    ...databaseEnv('identity'),
    ...natsEnv,
    /** Server peppers of secret hashes (KEY_PEPPERS, or the single KEY_PEPPER). Sensitive: never logged. */
    ...keyPeppersEnv,
    /** Ed25519 private JWKs (JSON array, each with a kid); the first signs, all are published. */
    TOKEN_SIGNING_KEYS: z
      .string()
      .transform((text, ctx) => {
        try {
          const keys = JSON.parse(text) as unknown[];
          if (!Array.isArray(keys) || keys.length === 0) throw new Error('empty');
          return keys.map((key) => jwkEnv().parse(JSON.stringify(key)));
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JSON array of Ed25519 private JWKs' });
          return z.NEVER;
        }
      })
      .describe('JSON array of Ed25519 private JWKs; the first signs tokens, all verify'),
    /** Lifetime of access tokens issued for API keys (POST /auth/token). */
    ACCESS_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(86_400)
      .default(900)
      .describe('lifetime of access tokens for keys (`POST /auth/token`)'),
    EXPIRY_SWEEP_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(3_600_000)
      .default(15_000)
      .describe(
        'how often expired keys are marked (`key.expired`), expiry warnings sent (`key.expiring`) and unused keys disabled (`key.dormant`)',
      ),
    /**
     * Throttling of guessable credentials (sign-in, password change, public id + secret pairs); see
     * CredentialThrottle. Failures of one account from one source before each further attempt waits
     * (1 s, then doubling).
     */
    LOGIN_FAILURES_BEFORE_DELAY: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(5)
      .describe('per account (or public id) and address: free failures, then waits 1 s, 2 s, …'),
    /** The longest wait between two attempts on one account from one source. */
    LOGIN_MAX_DELAY_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(900)
      .describe('the longest of those waits'),
    /** Failures on one account from all sources in the window (sources it signed in from are exempt). */
    LOGIN_ACCOUNT_MAX_FAILURES: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(100)
      .describe('failures per account in the window (addresses it signed in from exempt)'),
    /** Failures from one source on all accounts in the window. */
    LOGIN_SOURCE_MAX_FAILURES: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(100)
      .describe('failures per address (on any account) in the window'),
    LOGIN_FAILURE_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 86_400)
      .default(3600)
      .describe('window of those ceilings; failures on an account are forgotten after it'),
    /** token.issued aggregates the tokens of one credential over windows this long. */
    ISSUANCE_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(60)
      .describe("`token.issued` counts each credential's tokens over windows this long"),
    /**
     * Public keys of leak reporters (POST /security/leaks), in the shape GitHub publishes its secret
     * scanning keys: a report with GitHub-Public-Key-* headers must verify against the key named.
     */
    LEAK_REPORTERS: z
      .string()
      .default('[]')
      .superRefine((text, ctx) => {
        try {
          parseReporterKeys(text);
        } catch (error) {
          ctx.addIssue({
            code: 'custom',
            message: `must be a JSON array of {key_identifier, key: PEM ECDSA P-256 public key}: ${(error as Error).message}`,
          });
        }
      })
      .describe(
        'JSON array of `{key_identifier, key}` (PEM, ECDSA P-256) that may sign leak reports (GitHub secret scanning format)',
      ),
    LEAK_REPORT_LIMIT: z.coerce
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(30)
      .describe('leak reports (`POST /security/leaks`) per client address in the window; then 429'),
    LEAK_REPORT_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(60)
      .describe('window of LEAK_REPORT_LIMIT'),
    /**
     * Development only (ADR 0027): notification endpoints may be http://127.0.0.1 or localhost, so a
     * developer can watch deliveries locally. Off by default and in every deployment: then only
     * https URLs reaching public addresses are accepted and delivered to.
     */
    NOTIFICATIONS_ALLOW_LOCAL: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true')
      .describe('development only: allow notification endpoints on http://127.0.0.1 / localhost'),
    NOTIFICATION_POLL_MS: z.coerce
      .number()
      .int()
      .min(50)
      .max(60_000)
      .default(1000)
      .describe('how often due notification deliveries are looked for'),
    NOTIFICATION_RETRY_BASE_MS: z.coerce
      .number()
      .int()
      .min(10)
      .max(3_600_000)
      .default(5000)
      .describe('first retry delay of a failed notification (doubling, with jitter, 8 attempts)'),
    NOTIFICATION_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      // Well inside the 60 s lease of a claimed delivery, so no other replica takes it meanwhile.
      .max(30_000)
      .default(10_000)
      .describe('how long a notification endpoint has to answer'),
    /**
     * The gateway's Ed25519 public JWKs (the halves of its PRINCIPAL_SIGNING_KEY, old and new during a
     * rotation): verify X-Latchkey-Forwarded, the only source identity believes for a request's client
     * address and request ids.
     */
    ...principalKeysEnv,
    /**
     * Ed25519 private JWKs (JSON array, each with a kid) that sign lookup replies and invalidations
     * on NATS (ADR 0015); the first signs. Sensitive: only identity holds them.
     */
    BUS_SIGNING_KEYS: busSigningKeysEnv(),
  })
  .superRefine(refinePrincipalKeys)
  .superRefine(refineKeyPeppers)
  .refine((config) => config.LOGIN_MAX_DELAY_SECONDS <= config.LOGIN_FAILURE_WINDOW_SECONDS, {
    path: ['LOGIN_MAX_DELAY_SECONDS'],
    message: 'must not exceed LOGIN_FAILURE_WINDOW_SECONDS (failures are remembered that long)',
  })
  .superRefine(streamSettingsRule);

/** Variables this version no longer reads, and what replaced them: a deployment that sets one is told. */
const RETIRED_VARIABLES: Record<string, string> = {
  LOGIN_MAX_FAILURES_PER_ACCOUNT: 'LOGIN_FAILURES_BEFORE_DELAY and LOGIN_ACCOUNT_MAX_FAILURES',
  LOGIN_MAX_ATTEMPTS_PER_IP: 'LOGIN_SOURCE_MAX_FAILURES',
  LOGIN_WINDOW_SECONDS: 'LOGIN_FAILURE_WINDOW_SECONDS',
};

/** The problems of retired variables set in `env` (empty: none set). */
export function retiredVariableProblems(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(RETIRED_VARIABLES)
    .filter(([name]) => env[name] !== undefined)
    .map(([name, replacement]) => `${name}: no longer read (replaced by ${replacement})`);
}

export type IdentityConfig = z.infer<typeof identityConfigSchema>;
export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');

const peppersOf = new WeakMap<object, Pepper[]>();

/** The configured peppers, the one new secrets are hashed under first (tags computed once). */
export function configuredPeppers(config: Pick<IdentityConfig, 'KEY_PEPPERS' | 'KEY_PEPPER'>): Pepper[] {
  let peppers = peppersOf.get(config);
  if (!peppers) {
    peppers = keyPeppers(config);
    peppersOf.set(config, peppers);
  }
  return peppers;
}

/** The pepper new secrets are hashed under. */
export function currentPepper(config: Pick<IdentityConfig, 'KEY_PEPPERS' | 'KEY_PEPPER'>): Pepper {
  const [first] = configuredPeppers(config);
  if (!first) throw new Error('no key pepper configured');
  return first;
}
