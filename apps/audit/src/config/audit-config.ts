import { z } from 'zod';
import { databaseEnv, httpEnv, jwkEnv, natsEnv } from '@latchkey/runtime';

export const auditConfigSchema = z.object({
  ...httpEnv(8083),
  ...databaseEnv('audit'),
  ...natsEnv,
  PRINCIPAL_PUBLIC_KEY: jwkEnv(),
  /** Durable consumer name; replicas share it, so each event is stored by one of them. */
  AUDIT_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('audit'),
  AUDIT_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
});
export type AuditConfig = z.infer<typeof auditConfigSchema>;
export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');
