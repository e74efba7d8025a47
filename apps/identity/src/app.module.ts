import { type DynamicModule, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import {
  DatabaseModule,
  EventBusModule,
  ormOptions,
  OutboxRelayService,
  RuntimeModule,
  streamOptionsOf,
} from '@latchkey/runtime';
import { DeclaredRoleGuard, UserTokenGuard } from './auth/admin.guard';
import { AuthController } from './auth/auth.controller';
import { UserBearerStrategy } from './auth/bearer.strategy';
import { TokenIssuanceLog } from './auth/token-issuance.service';
import { TokenSigner } from './auth/token-signer.service';
import { IDENTITY_CONFIG, type IdentityConfig } from './config/identity-config';
import { IDENTITY_ENTITIES } from './database/entities';
import { IDENTITY_MIGRATION_NAMES } from './database/migration-list';
import { KeyInvalidationService } from './events/key-invalidation.service';
import { IdentityBusKeys } from './bus-trust/identity-bus-keys';
import { KeyLookupService } from './key-lookup/key-lookup.service';
import { KeyExpirySweeper } from './keys/key-expiry-sweeper.service';
import { KeyUsageConsumer } from './keys/key-usage.consumer';
import { KeysController } from './keys/keys.controller';
import { KeysService } from './keys/keys.service';
import { PolicyController } from './organisations/policy.controller';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';

@Module({})
export class IdentityModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        RuntimeModule,
        PassportModule,
        DatabaseModule.forRoot(ormOptions(config, IDENTITY_ENTITIES), IDENTITY_MIGRATION_NAMES),
        EventBusModule.forRoot({
          servers: config.NATS_URL,
          name: 'identity',
          stream: config.NATS_STREAM,
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          ...streamOptionsOf(config),
          credentials: { user: 'identity', seed: config.NATS_NKEY_SEED },
        }),
      ],
      controllers: [AuthController, KeysController, UsersController, PolicyController, WebhooksController],
      providers: [
        { provide: IDENTITY_CONFIG, useValue: config },
        TokenSigner,
        TokenIssuanceLog,
        UserBearerStrategy,
        UserTokenGuard,
        DeclaredRoleGuard,
        KeysService,
        KeyExpirySweeper,
        KeyUsageConsumer,
        KeyLookupService,
        KeyInvalidationService,
        IdentityBusKeys,
        OutboxRelayService,
        UsersService,
        WebhooksService,
      ],
    };
  }
}
