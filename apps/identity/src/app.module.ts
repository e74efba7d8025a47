import { type DynamicModule, Module } from '@nestjs/common';
import {
  DatabaseModule,
  EventBusModule,
  ormOptions,
  RuntimeModule,
  streamOptionsOf,
} from '@latchkey/runtime';
import { IdentityConfigModule, type IdentityConfig } from './config';
import { CredentialsModule } from './credentials';
import { IDENTITY_ENTITIES, IDENTITY_MIGRATION_NAMES } from './database';
import { EventsModule } from './events';
import { KeyLookupModule } from './key-lookup';
import { KeysModule } from './keys';
import { OrganisationsModule } from './organisations';
import { UsersModule } from './users';
import { WebhooksModule } from './webhooks';

/** Identity: the infrastructure once, then one module per capability (see README "Modules"). */
@Module({})
export class IdentityModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        RuntimeModule,
        IdentityConfigModule.forRoot(config),
        DatabaseModule.forRoot(ormOptions(config, IDENTITY_ENTITIES), IDENTITY_MIGRATION_NAMES),
        EventBusModule.forRoot({
          servers: config.NATS_URL,
          name: 'identity',
          stream: config.NATS_STREAM,
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          ...streamOptionsOf(config),
          credentials: { user: 'identity', seed: config.NATS_NKEY_SEED },
        }),
        EventsModule,
        OrganisationsModule,
        UsersModule,
        KeysModule,
        WebhooksModule,
        KeyLookupModule,
        CredentialsModule,
      ],
    };
  }
}
