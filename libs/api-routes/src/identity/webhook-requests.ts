import { z } from 'zod';
import { text } from '@latchkey/contracts';
import { KEY_NAME_MAX_LENGTH } from './key-requests';

/** A connection's key is named after it: `Webhook: <connection name>`. */
export function webhookKeyName(connectionName: string): string {
  return `Webhook: ${connectionName}`;
}

export const createWebhookRequest = z.strictObject({
  // Bounded so that the key name derived from it always fits a key name.
  name: text()
    .trim()
    .min(1)
    .max(KEY_NAME_MAX_LENGTH - webhookKeyName('').length),
  environment: z.enum(['live', 'test']).default('live'),
});
