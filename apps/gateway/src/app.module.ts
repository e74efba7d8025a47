import { type DynamicModule, Module } from '@nestjs/common';
import { EventBusModule, RuntimeModule, streamOptionsOf } from '@latchkey/runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/gateway-config';
import { GatewayRuntime } from './hot-path/gateway-runtime';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        RuntimeModule,
        EventBusModule.forRoot({
          servers: config.NATS_URL,
          name: 'gateway',
          stream: config.NATS_STREAM,
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          ...streamOptionsOf(config),
          credentials: { user: 'gateway', seed: config.NATS_NKEY_SEED },
        }),
      ],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }, GatewayRuntime],
    };
  }
}
