import { z } from 'zod';

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
  PORT: port(defaultPort),
  HOST: z.string().default('0.0.0.0'),
  OPS_PORT: port(defaultOpsPort),
  OPS_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long graceful shutdown may take before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

export const databaseEnv = (defaultSchema: string) => ({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
    .default(defaultSchema),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
});

export const natsEnv = {
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('LATCHKEY'),
  NATS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/)
    .default('latchkey'),
};

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
