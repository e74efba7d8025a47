import { OutboxEventSchema } from '@latchkey/messaging';
import { ApiKeySchema, ApiKeySecretSchema } from '../keys/api-key.entity';
import { OrganisationSchema } from '../organisations/organisation.entity';
import { UserSchema } from '../users/user.entity';
import { WebhookConnectionSchema } from '../webhooks/webhook-connection.entity';

/** Every entity identity owns (all in its own schema). */
export const IDENTITY_ENTITIES = [
  OrganisationSchema,
  UserSchema,
  ApiKeySchema,
  ApiKeySecretSchema,
  WebhookConnectionSchema,
  OutboxEventSchema,
];
