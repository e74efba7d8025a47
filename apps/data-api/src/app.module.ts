import { type DynamicModule, Module } from '@nestjs/common';
import { Audience } from '@latchkey/contracts';
import {
  EventBusModule,
  PrincipalModule,
  RuntimeModule,
  streamOptionsOf,
  principalPublicKeys,
} from '@latchkey/runtime';
import { DataApiConfigModule, type DataApiConfig } from './config';
import { DataApiDatabaseModule } from './database';
import { ResourcesModule } from './resources';
import { WebhookIngestModule } from './webhook-ingest';

/** The data API: the runtime's plumbing, its database, and one module per capability. */
@Module({})
export class DataApiModule {
  static forRoot(config: DataApiConfig): DynamicModule {
    return {
      module: DataApiModule,
      imports: [
        RuntimeModule,
        DataApiConfigModule.forRoot(config),
        DataApiDatabaseModule.forRoot(config),
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
        WebhookIngestModule,
        ResourcesModule,
      ],
    };
  }
}
