import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { EventBus, OutboxRelay } from '@latchkey/messaging';

/** Runs this replica's outbox relay for as long as the service runs. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('outbox-relay');
  private readonly relay: OutboxRelay;

  constructor(@Inject(MikroORM) orm: MikroORM, @Inject(EventBus) bus: EventBus) {
    this.relay = new OutboxRelay({
      orm,
      js: bus.js,
      onError: (error) =>
        this.logger.warn(`publish deferred: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  nudge(): void {
    this.relay.nudge();
  }

  // Before NATS drains: finish the round in flight, leave the rest for the next start.
  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
  }
}
