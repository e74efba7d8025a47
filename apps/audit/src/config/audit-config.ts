import { z } from 'zod';
import {
  busPublicKeysEnv,
  databaseEnv,
  httpEnv,
  jwkEnv,
  natsEnv,
  principalKeysEnv,
  optionalPublicJwkSetEnv,
  refinePrincipalKeys,
  streamSettingsRule,
} from '@latchkey/runtime';

export const auditConfigSchema = z
  .object({
    ...httpEnv(8083, 9093),
    ...databaseEnv('audit'),
    ...natsEnv,
    ...principalKeysEnv,
    /** Identity's public keys: live tails end on invalidations identity signed, and no others (ADR 0015). */
    BUS_PUBLIC_KEYS: busPublicKeysEnv(),
    /** Durable consumer name; replicas share it, so each event is stored by one of them. */
    AUDIT_CONSUMER: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default('audit')
      .describe('durable consumer name (replicas share it)'),
    /** The most events stored in one transaction (a quiet stream's events are stored at once). */
    AUDIT_BATCH_SIZE: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(5000)
      .describe('most events per stored batch'),
    /**
     * Organisations are spread over this many lanes; each stores its part of a batch on its own
     * database connection, concurrently with the others (chains stay in arrival order per organisation).
     */
    AUDIT_STORE_LANES: z.coerce
      .number()
      .int()
      .min(1)
      .max(8)
      .default(3)
      .describe('store lanes: organisations spread over this many database connections'),
    /** Ed25519 private JWK (with kid) that signs chain checkpoints. Sensitive. */
    AUDIT_SIGNING_KEY: jwkEnv()
      .refine((jwk) => typeof jwk.d === 'string', 'must be a private key (with d)')
      .describe('Ed25519 private JWK (with `kid`) that signs checkpoints and retention cuts'),
    /**
     * Public JWKs (JSON array, each with its kid) of checkpoint keys no longer signing: published with
     * the current one and used to verify what they signed. Checkpoints are verifiable forever, so a
     * retired key stays here for good.
     */
    AUDIT_RETIRED_PUBLIC_KEYS: optionalPublicJwkSetEnv().describe(
      'JSON array of retired checkpoint public JWKs: published, still verify',
    ),
    AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(86_400_000)
      .default(60_000)
      .describe("how often each organisation's chain head is signed (a checkpoint)"),
    /** Events older than this many days are deleted (0: keep forever). */
    AUDIT_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(0)
      .max(36_500)
      .default(365)
      .describe("organisations' events are deleted after this many days (0: kept)"),
    /**
     * The same for the system tenant's trail (refusals tied to no organisation: floods of unknown keys,
     * failed sign-ins): operational evidence, far more of it, read by operators only (0: keep forever).
     */
    AUDIT_SYSTEM_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(0)
      .max(36_500)
      .default(30)
      .describe('the same for the system tenant `org_system` (operators only)'),
    AUDIT_RETENTION_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(86_400_000)
      .default(3_600_000)
      .describe('how often retention runs'),
    AUDIT_MAX_DELIVER: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .describe('deliveries of an event before it is dead-lettered'),
  })
  .superRefine(streamSettingsRule)
  .superRefine(refinePrincipalKeys);
export type AuditConfig = z.infer<typeof auditConfigSchema>;
export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');
