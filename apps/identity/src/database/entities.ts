import { OutboxEventSchema } from '@latchkey/messaging';
import { ApiKeySchema } from '../keys/api-key.entity';
import { OrganisationSchema } from '../organisations/organisation.entity';
import { UserSchema } from '../users/user.entity';

/** Every entity identity owns (all in its own schema). */
export const IDENTITY_ENTITIES = [OrganisationSchema, UserSchema, ApiKeySchema, OutboxEventSchema];
