/** Webhook connections: others only read them (the data API's lookup) through the repository. */
export { webhookPathOf, WebhookConnectionSchema, type WebhookConnection } from './webhook-connection.entity';
export { WebhookConnectionRepository } from './webhook-connection.repository';
export { WebhooksModule } from './webhooks.module';
export { WebhooksService } from './webhooks.service';
