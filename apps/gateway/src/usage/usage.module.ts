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
import { UsageRecorder } from './usage-recorder';

/** Starts the recorder's flushes at boot; the last flush runs after the HTTP server has drained, before the bus does. */
@Injectable()
class UsageLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(UsageRecorder) private readonly usage: UsageRecorder) {}

  onModuleInit(): void {
    this.usage.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.usage.stop();
  }
}

/**
 * What was used and what was refused: `key.used` and `auth.denied`, aggregated off the request
 * path and published in batches. It records; it never decides an answer.
 */
@Module({
  imports: [BusTrustModule],
  providers: [
    {
      provide: UsageRecorder,
      inject: [GATEWAY_CONFIG, EventBus, GATEWAY_ID],
      useFactory: (config: GatewayConfig, bus: EventBus, gatewayId: string) => {
        const logger = new Logger('gateway');
        return new UsageRecorder({
          bus,
          flushMs: config.USAGE_FLUSH_MS,
          gatewayId,
          denialBudgets: {
            tuplesPerOrg: config.DENIAL_TUPLES_PER_ORG,
            tuplesAnonymous: config.DENIAL_TUPLES_ANONYMOUS,
            orgsPerWindow: config.DENIAL_ORGS_PER_WINDOW,
          },
          onError: (error) => logger.warn(`usage publish failed: ${String(error)}`),
        });
      },
    },
    UsageLifecycle,
  ],
  exports: [UsageRecorder],
})
export class UsageModule {}
