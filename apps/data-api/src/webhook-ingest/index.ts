import { WebhookEventSchema } from './webhook-event.entity';

export { WebhookIngestModule } from './webhook-ingest.module';
export { WebhookEventSchema };

/** The entities of webhook ingest's tables (the database's entity list includes them). */
export const WEBHOOK_INGEST_ENTITIES = [WebhookEventSchema];
