import type { ConfigSchema } from '@latchkey/runtime';
import { auditConfigSchema } from '../apps/audit/src/config/audit-config';
import { dataApiConfigSchema } from '../apps/data-api/src/config/data-api-config';
import { gatewayConfigSchema } from '../apps/gateway/src/config';
import { identityConfigSchema } from '../apps/identity/src/config/identity-config';

/** Every service's config schema, in the order the README's configuration table lists them. */
export const CONFIG_SCHEMAS: Record<string, ConfigSchema> = {
  identity: identityConfigSchema,
  gateway: gatewayConfigSchema,
  'data-api': dataApiConfigSchema,
  audit: auditConfigSchema,
};
