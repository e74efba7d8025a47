import { type DynamicModule, Module } from '@nestjs/common';
import { EventBusModule, RuntimeModule, streamOptionsOf } from '@latchkey/runtime';
import { AuthenticationModule } from './authentication';
import { AuthorizationModule } from './authorization';
import { CanaryModule } from './canary';
import { GatewayConfigModule, type GatewayConfig } from './config';
import { HotPathModule } from './hot-path';
import { ProxyModule } from './proxy';
import { RateLimitModule } from './rate-limit';
import { RevocationModule } from './revocation';
import { UsageModule } from './usage';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        RuntimeModule,
        GatewayConfigModule.forRoot(config),
        EventBusModule.forRoot({
          servers: config.NATS_URL,
          name: 'gateway',
          stream: config.NATS_STREAM,
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          ...streamOptionsOf(config),
          credentials: { user: 'gateway', seed: config.NATS_NKEY_SEED },
        }),
        AuthenticationModule,
        AuthorizationModule,
        RateLimitModule,
        UsageModule,
        CanaryModule,
        RevocationModule,
        ProxyModule,
        HotPathModule,
      ],
    };
  }
}
