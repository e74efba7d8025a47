import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { EventBus } from '@latchkey/messaging';
import { BusTrustModule, GATEWAY_ID } from '../bus-trust';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { CanaryTripwire } from './canary-tripwire';

@Injectable()
class CanaryLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(CanaryTripwire) private readonly tripwire: CanaryTripwire) {}

  onModuleInit(): void {
    this.tripwire.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.tripwire.stop();
  }
}

/** Canary keys' alarms (ADR 0024): `key.canary_tripped`, bounded per key and window. */
@Module({
  imports: [BusTrustModule],
  providers: [
    {
      provide: CanaryTripwire,
      inject: [GATEWAY_CONFIG, EventBus, GATEWAY_ID],
      useFactory: (config: GatewayConfig, bus: EventBus, gatewayId: string) => {
        const logger = new Logger('gateway');
        return new CanaryTripwire({
          bus,
          gatewayId,
          windowSeconds: config.CANARY_WINDOW_SECONDS,
          onError: (error) => logger.warn(`canary event publish failed: ${String(error)}`),
        });
      },
    },
    CanaryLifecycle,
  ],
  exports: [CanaryTripwire],
})
export class CanaryModule {}
