import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EventBus, type EventBusOptions } from '@latchkey/messaging';
import { HealthRegistry } from './health';

@Injectable()
class EventBusLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EventBus) private readonly bus: EventBus) {}

  // After in-flight requests finished: let pending publishes and subscriptions drain.
  async onApplicationShutdown(): Promise<void> {
    await this.bus.drain();
  }
}

/** The process's NATS connection and JetStream stream, provisioned at boot. */
@Global()
@Module({})
export class EventBusModule {
  static forRoot(options: EventBusOptions): DynamicModule {
    return {
      module: EventBusModule,
      providers: [
        {
          provide: EventBus,
          inject: [HealthRegistry],
          useFactory: async (health: HealthRegistry) => {
            const logger = new Logger('event-bus');
            const bus = await EventBus.connect({
              // A changed setting is an operator's decision taking effect: say what it was and is.
              onStreamChange: (stream, changes) =>
                logger.log(
                  `stream ${stream} updated: ${changes.map((c) => `${c.setting} ${c.from} -> ${c.to}`).join(', ')}`,
                ),
              ...options,
            });
            // Readiness: only a connection closed for good (it reconnects forever otherwise).
            health.register({ name: 'nats', check: () => bus.check() });
            // Dependencies, for metrics and alerts: a node or the stream away never gates readiness.
            health.registerDependency({ name: 'nats', check: () => bus.checkConnected() });
            health.registerDependency({ name: 'stream', check: () => bus.checkStream() });
            return bus;
          },
        },
        EventBusLifecycle,
      ],
      exports: [EventBus],
    };
  }
}
