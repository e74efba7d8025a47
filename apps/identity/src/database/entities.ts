import { OutboxEventSchema } from '@latchkey/messaging';
import { ApiKeySchema, ApiKeySecretSchema } from '../keys';
import {
  NotificationAttemptSchema,
  NotificationDeliverySchema,
  NotificationEndpointSchema,
} from '../notifications';
import { OrganisationSchema } from '../organisations';
import { UserSchema } from '../users';
import { WebhookConnectionSchema } from '../webhooks';

/** Every entity identity owns (all in its own schema). */
export const IDENTITY_ENTITIES = [
  OrganisationSchema,
  UserSchema,
  ApiKeySchema,
  ApiKeySecretSchema,
  WebhookConnectionSchema,
  NotificationEndpointSchema,
  NotificationDeliverySchema,
  NotificationAttemptSchema,
  OutboxEventSchema,
];
