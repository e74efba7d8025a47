import { Module } from '@nestjs/common';
import { EventsModule } from '../events';
import { KeysModule } from '../keys';
import { OrganisationsModule } from '../organisations';
import { WebhookConnectionRepository } from './webhook-connection.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Webhook connections (`/admin/webhooks`), each with its own path-restricted key. */
@Module({
  imports: [EventsModule, KeysModule, OrganisationsModule],
  controllers: [WebhooksController],
  providers: [WebhookConnectionRepository, WebhooksService],
  exports: [WebhookConnectionRepository],
})
export class WebhooksModule {}
