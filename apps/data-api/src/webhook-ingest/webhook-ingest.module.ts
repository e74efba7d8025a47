import { Module } from '@nestjs/common';
import { WebhookConnections } from './webhook-connections';
import { WebhookEventRepository } from './webhook-event.repository';
import { WebhookIngestController } from './webhook-ingest.controller';
import { WebhookIngestService } from './webhook-ingest.service';

/** `POST /v1/webhooks/:connection_id/events`: events of active connections, stored once per key. */
@Module({
  controllers: [WebhookIngestController],
  providers: [WebhookIngestService, WebhookEventRepository, WebhookConnections],
})
export class WebhookIngestModule {}
