import { OutboxEventSchema } from '@latchkey/messaging';
import { RESOURCE_ENTITIES } from '../resources';
import { WEBHOOK_INGEST_ENTITIES } from '../webhook-ingest';

/** Every entity data-api owns (all in its own schema). */
export const DATA_API_ENTITIES = [...RESOURCE_ENTITIES, ...WEBHOOK_INGEST_ENTITIES, OutboxEventSchema];
