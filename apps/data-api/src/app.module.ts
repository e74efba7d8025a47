import { type DynamicModule, Module } from '@nestjs/common';
import { Audience } from '@latchkey/contracts';
import {
  DatabaseModule,
  EventBusModule,
  ormOptions,
  OutboxRelayService,
  PrincipalModule,
  RuntimeModule,
  streamOptionsOf,
  principalPublicKeys,
} from '@latchkey/runtime';
import { DATA_API_CONFIG, type DataApiConfig } from './config/data-api-config';
import { DATA_API_ENTITIES } from './database/entities';
import { DATA_API_MIGRATION_NAMES } from './database/migration-list';
import { RESOURCE_CONTROLLERS } from './resources/resources.controller';
import { ResourcesService } from './resources/resources.service';
import { WebhookIngestController } from './webhooks/webhook-ingest.controller';
import { WebhookConnections } from './webhooks/webhook-connections';
import { WebhookIngestService } from './webhooks/webhook-ingest.service';

@Module({})
export class DataApiModule {
  static forRoot(config: DataApiConfig): DynamicModule {
    return {
      module: DataApiModule,
      imports: [
        RuntimeModule,
        DatabaseModule.forRoot(ormOptions(config, DATA_API_ENTITIES), DATA_API_MIGRATION_NAMES),
        EventBusModule.forRoot({
          servers: config.NATS_URL,
          name: 'data-api',
          stream: config.NATS_STREAM,
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          ...streamOptionsOf(config),
          credentials: { user: 'data-api', seed: config.NATS_NKEY_SEED },
        }),
        PrincipalModule.forRoot({
          audience: Audience.DataApi,
          publicJwks: principalPublicKeys(config),
        }),
      ],
      controllers: [WebhookIngestController, ...RESOURCE_CONTROLLERS],
      providers: [
        { provide: DATA_API_CONFIG, useValue: config },
        ResourcesService,
        WebhookConnections,
        WebhookIngestService,
        OutboxRelayService,
      ],
    };
  }
}
