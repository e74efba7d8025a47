import type { JWK } from 'jose';
import { LEGACY_PEPPER_ID, pepperOf, type Pepper } from '@latchkey/auth-core';
import { z } from 'zod';
import {
  DEFAULT_STREAM_SETTINGS,
  outboxRetryHorizonMs,
  publicKeyOfSeed,
  type StreamSettings,
} from '@latchkey/messaging';

/**
 * Configuration is read once at boot from the environment and validated with a zod schema.
 * A bad or missing variable stops the process with a message that names it (never its value:
 * some variables are secrets).
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const found = issue.path.length > 0 && env[String(issue.path[0])] === undefined ? 'missing' : 'invalid';
      return `${name}: ${found} (${issue.message})`;
    }),
  );
}

/** parseConfig for a process entry point: print the problems and exit with EX_CONFIG (78). */
export function loadConfigOrExit<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/**
 * Schema fragments every service shares. The public port serves the API only; /healthz, /readyz and
 * /metrics are served on the ops port, which only probes and the metrics scraper should reach.
 * OPS_HOST defaults to loopback, so a service started by hand never exposes its metrics to the
 * network; a deployment whose probes or scraper come from outside the process's host (Kubernetes:
 * the kubelet and Prometheus reach the pod address) sets OPS_HOST=0.0.0.0 and fences the port off.
 */
export const httpEnv = (defaultPort: number, defaultOpsPort: number) => ({
  PORT: port(defaultPort).describe('HTTP port of the API'),
  HOST: z.string().default('0.0.0.0').describe('bind address'),
  OPS_PORT: port(defaultOpsPort).describe(
    'ops port: `/healthz`, `/readyz`, `/metrics` (never served on `PORT`)',
  ),
  OPS_HOST: z
    .string()
    .default('127.0.0.1')
    .describe('ops bind address; `0.0.0.0` where probes or Prometheus come from outside (k8s)'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino level'),
  /** How long graceful shutdown may take before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(10_000)
    .describe('graceful shutdown deadline'),
});

export const databaseEnv = (defaultSchema: string) => ({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .describe('PostgreSQL URL; a role per service (docs/operations.md "PostgreSQL roles")'),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
    .default(defaultSchema)
    .describe("the service's own schema"),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10).describe('connection pool size'),
});

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d{1,9})(ms|s|m|h|d)$/;
const BYTE_UNITS = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 } as const;
const BYTES = /^(\d{1,12})(B|KiB|MiB|GiB|TiB)?$/;

/** `90s`, `5m`, `72h`, `7d` (or `0`) in milliseconds; undefined if it is none of these. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const m = DURATION.exec(text);
  return m ? Number(m[1]) * DURATION_UNITS_MS[m[2] as keyof typeof DURATION_UNITS_MS] : undefined;
}

/** The shortest way to write a duration: `72h` rather than `259200000ms`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0';
  const units = Object.entries(DURATION_UNITS_MS).reverse();
  const [unit, size] = units.find(([, size]) => ms % size === 0) ?? ['ms', 1];
  return `${ms / size}${unit}`;
}

/** `512MiB`, `12GiB`, `1073741824` (bytes) or `0`; undefined if it is none of these. */
export function parseBytes(text: string): number | undefined {
  const m = BYTES.exec(text);
  return m ? Number(m[1]) * BYTE_UNITS[(m[2] ?? 'B') as keyof typeof BYTE_UNITS] : undefined;
}

const MAX_DURATION_MS = 90 * DURATION_UNITS_MS.d;

const durationEnv = (fallbackMs: number) =>
  z
    .string()
    .default(formatDuration(fallbackMs))
    .transform((text, ctx) => {
      const ms = parseDuration(text.trim());
      // JetStream counts in nanoseconds: beyond 90 days they no longer fit a double exactly.
      if (ms !== undefined && ms <= MAX_DURATION_MS) return ms;
      ctx.addIssue({
        code: 'custom',
        message: 'a duration such as 90s, 5m, 72h or 7d, at most 90d (0: none)',
      });
      return z.NEVER;
    });

const bytesEnv = (fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .transform((text, ctx) => {
      const bytes = parseBytes(text.trim());
      if (bytes !== undefined) return bytes;
      ctx.addIssue({ code: 'custom', message: 'a size such as 512MiB or 12GiB (0: none)' });
      return z.NEVER;
    });

const RETRY_HORIZON_MS = outboxRetryHorizonMs();

export const natsEnv = {
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222').describe('NATS servers, comma-separated'),
  NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('LATCHKEY')
    .describe('JetStream stream'),
  NATS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/)
    .default('latchkey')
    .describe('subject prefix (`<prefix>.<org>.<type>`)'),
  /** JetStream replicas of the stream and its dead-letter stream: 1 on one node, 3 on the prod cluster. */
  STREAM_REPLICAS: z.coerce
    .number()
    .int()
    .min(1)
    .max(5)
    .default(DEFAULT_STREAM_SETTINGS.replicas)
    .describe('JetStream replicas of the stream and its DLQ (prod `3`)'),
  /** The stream is a buffer in front of the audit trail: it covers the longest audit outage to absorb. */
  STREAM_MAX_AGE: durationEnv(DEFAULT_STREAM_SETTINGS.maxAgeMs).describe(
    "the stream's age limit, a buffer before audit (`0`: none; prod `72h`)",
  ),
  STREAM_MAX_BYTES: bytesEnv(DEFAULT_STREAM_SETTINGS.maxBytes).describe(
    "the stream's size limit (`0`: none; prod `12GiB`)",
  ),
  STREAM_DLQ_MAX_BYTES: bytesEnv(0).describe('size limit of `<stream>_DLQ` (`0`: none; prod `1GiB`)'),
  /**
   * Longer than the outbox relay's retry horizon, or a row the relay publishes again (its first ack
   * lost, its round not committed) is stored twice.
   */
  STREAM_DUPLICATE_WINDOW: durationEnv(DEFAULT_STREAM_SETTINGS.duplicateWindowMs)
    .refine(
      (ms) => ms > RETRY_HORIZON_MS,
      `must be longer than the outbox relay's retry horizon (${RETRY_HORIZON_MS} ms, ` +
        `so at least ${formatDuration(Math.ceil((RETRY_HORIZON_MS + 1) / 1000) * 1000)})`,
    )
    .describe(
      `de-duplication by event id; longer than the outbox retry horizon (${Math.ceil(RETRY_HORIZON_MS / 1000)} s)`,
    ),
  /**
   * This service's nkey seed on the bus (`SU…`; the NATS server holds its public key). Sensitive:
   * each container gets only its own (generateDeploymentSecrets' NATS_SEED_<SERVICE>).
   */
  NATS_NKEY_SEED: z
    .string()
    .refine((seed) => {
      try {
        publicKeyOfSeed(seed);
        return true;
      } catch {
        return false;
      }
    }, 'must be a NATS user nkey seed (SU…)')
    .describe("the service's own NATS nkey seed (`SU…`); the server lists its public key"),
};

type NatsConfig = { [K in keyof typeof natsEnv]: z.output<(typeof natsEnv)[K]> };

/**
 * The rules between the stream's settings (add to a service's schema with `.superRefine`). JetStream
 * refuses a duplicate window longer than the max age; saying so here names the variables.
 */
export function streamSettingsRule(config: NatsConfig, ctx: z.RefinementCtx): void {
  if (config.STREAM_MAX_AGE > 0 && config.STREAM_DUPLICATE_WINDOW > config.STREAM_MAX_AGE)
    ctx.addIssue({
      code: 'custom',
      path: ['STREAM_DUPLICATE_WINDOW'],
      message: 'must not exceed STREAM_MAX_AGE',
    });
}

/** The stream's settings as the event bus takes them. */
export function streamOptionsOf(config: NatsConfig): {
  streamSettings: StreamSettings;
  deadLetterMaxBytes: number;
} {
  return {
    streamSettings: {
      replicas: config.STREAM_REPLICAS,
      maxAgeMs: config.STREAM_MAX_AGE,
      maxBytes: config.STREAM_MAX_BYTES,
      duplicateWindowMs: config.STREAM_DUPLICATE_WINDOW,
    },
    deadLetterMaxBytes: config.STREAM_DLQ_MAX_BYTES,
  };
}

/** A JSON Web Key given as JSON text in one variable (private or public Ed25519 key). */
export const jwkEnv = () =>
  z.string().transform((text, ctx) => {
    try {
      const jwk = JSON.parse(text) as Record<string, unknown>;
      if (jwk['kty'] !== 'OKP' || jwk['crv'] !== 'Ed25519') throw new Error('not an Ed25519 key');
      return jwk as { kty: 'OKP'; crv: 'Ed25519'; x: string; d?: string; kid?: string };
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an Ed25519 JWK as JSON' });
      return z.NEVER;
    }
  });

/**
 * An optional variable that an empty value leaves unset: .env files (and compose's env_file) name
 * every variable, the ones a deployment does not use with no value.
 */
const unlessEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** A JSON array of Ed25519 public JWKs, each with its own kid. */
export const publicJwkSetEnv = () =>
  z.string().transform((text, ctx) => {
    try {
      const keys = JSON.parse(text) as unknown;
      if (!Array.isArray(keys) || keys.length === 0) throw new Error('empty');
      const jwks = keys.map((key) => jwkEnv().parse(JSON.stringify(key)));
      const kids = jwks.map((jwk) => jwk.kid);
      if (kids.some((kid) => typeof kid !== 'string') || new Set(kids).size !== kids.length)
        throw new Error('kids');
      // Only the public half is ever kept: a private key put here by mistake is not held in memory.
      return jwks.map(({ d: _private, ...publicJwk }) => publicJwk);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a JSON array of Ed25519 public JWKs, each with a distinct kid',
      });
      return z.NEVER;
    }
  });

/**
 * The gateway's public keys, which verify its principals and forwarding assertions: the set
 * PRINCIPAL_PUBLIC_KEYS (several during a rotation of the gateway's key), or the single
 * PRINCIPAL_PUBLIC_KEY of earlier versions as a set of one. Use with principalPublicKeys() and
 * refinePrincipalKeys.
 */
export const principalKeysEnv = {
  PRINCIPAL_PUBLIC_KEYS: unlessEmpty(publicJwkSetEnv()).describe(
    "JSON array of the gateway's public JWKs, chosen by `kid` (identity: also request ids)",
  ),
  PRINCIPAL_PUBLIC_KEY: unlessEmpty(jwkEnv()).describe(
    "instead of `PRINCIPAL_PUBLIC_KEYS`: the gateway's one public JWK",
  ),
};

/** Retired public keys (AUDIT_RETIRED_PUBLIC_KEYS): optional, and empty means none. */
export const optionalPublicJwkSetEnv = () => unlessEmpty(publicJwkSetEnv());

type PrincipalKeysConfig = {
  PRINCIPAL_PUBLIC_KEYS?: Array<Record<string, unknown>> | undefined;
  PRINCIPAL_PUBLIC_KEY?: Record<string, unknown> | undefined;
};

/** Exactly one of the two variables: with both, which set applies would be a guess. */
export function refinePrincipalKeys(config: PrincipalKeysConfig, ctx: z.RefinementCtx): void {
  const lists = config.PRINCIPAL_PUBLIC_KEYS !== undefined;
  const single = config.PRINCIPAL_PUBLIC_KEY !== undefined;
  if (lists === single)
    ctx.addIssue({
      code: 'custom',
      // Neither: named after the single variable, which most deployments set.
      path: [lists ? 'PRINCIPAL_PUBLIC_KEYS' : 'PRINCIPAL_PUBLIC_KEY'],
      message: lists
        ? 'set PRINCIPAL_PUBLIC_KEYS or PRINCIPAL_PUBLIC_KEY, not both'
        : 'required (or PRINCIPAL_PUBLIC_KEYS, a set)',
    });
}

/** The public keys a backend accepts principals from (JWKs; a key without kid is the gateway's default). */
export function principalPublicKeys(config: PrincipalKeysConfig): JWK[] {
  const keys =
    config.PRINCIPAL_PUBLIC_KEYS ?? (config.PRINCIPAL_PUBLIC_KEY ? [config.PRINCIPAL_PUBLIC_KEY] : []);
  return keys as JWK[];
}

const PEPPER_ID = /^[A-Za-z0-9_-]{1,32}$/;
const pepperListSchema = z
  .array(z.object({ id: z.string().regex(PEPPER_ID), secret: z.string().min(32) }).strict())
  .min(1)
  .max(8)
  .refine((list) => new Set(list.map((p) => p.id)).size === list.length, 'duplicate id')
  .refine((list) => new Set(list.map((p) => p.secret)).size === list.length, 'duplicate secret');

/**
 * The server peppers of secret hashes: KEY_PEPPERS, a JSON array of `{"id","secret"}` (the first
 * hashes new secrets, all are accepted), or the single KEY_PEPPER of earlier versions, which is the
 * list of one pepper with id `legacy`. Sensitive: never logged. Use with keyPeppers() and
 * refineKeyPeppers.
 */
export const keyPeppersEnv = {
  KEY_PEPPERS: unlessEmpty(
    z.string().transform((text, ctx) => {
      try {
        const parsed = pepperListSchema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
      } catch {
        // reported below
      }
      ctx.addIssue({
        code: 'custom',
        message:
          'must be a JSON array (1 to 8) of {"id","secret"} with distinct ids and secrets of 32+ characters',
      });
      return z.NEVER;
    }),
  ).describe('JSON `[{"id","secret"}]`: the first hashes new secrets, all are accepted'),
  KEY_PEPPER: unlessEmpty(z.string().min(32, 'at least 32 characters')).describe(
    'instead of `KEY_PEPPERS`: one pepper (≥ 32 chars), id `legacy`',
  ),
};

type KeyPeppersConfig = {
  KEY_PEPPERS?: Array<{ id: string; secret: string }> | undefined;
  KEY_PEPPER?: string | undefined;
};

export function refineKeyPeppers(config: KeyPeppersConfig, ctx: z.RefinementCtx): void {
  const list = config.KEY_PEPPERS !== undefined;
  if (list === (config.KEY_PEPPER !== undefined))
    ctx.addIssue({
      code: 'custom',
      path: [list ? 'KEY_PEPPERS' : 'KEY_PEPPER'],
      message: list ? 'set KEY_PEPPERS or KEY_PEPPER, not both' : 'required (or KEY_PEPPERS, a list)',
    });
}

/** The configured peppers, the one new hashes use first. */
export function keyPeppers(config: KeyPeppersConfig): Pepper[] {
  if (config.KEY_PEPPERS) return config.KEY_PEPPERS.map((p) => pepperOf(p.id, p.secret));
  return config.KEY_PEPPER ? [pepperOf(LEGACY_PEPPER_ID, config.KEY_PEPPER)] : [];
}
