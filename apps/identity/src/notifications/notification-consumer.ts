import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  CLOUD_EVENT_TYPE_PREFIX,
  IDENTITY_NOTIFICATIONS_CONSUMER,
  isNotificationEventType,
  type CloudEvent,
} from '@latchkey/contracts';
import { DurableConsumer, EventBus } from '@latchkey/messaging';
import { isTransientDatabaseError } from '@latchkey/runtime';
import { NotificationsRepository, type NotifiableEvent } from './notifications.repository';

/**
 * The body of a notification (Standard Webhooks' recommended shape: type, timestamp, data), fixed
 * when its delivery is created. Events carry no secret, hash or token, so neither does this.
 */
export function notificationBody(event: CloudEvent, type: string): string {
  return JSON.stringify({ type, timestamp: event.time, id: event.id, org_id: event.orgid, data: event.data });
}

/** The notification type of an event, or undefined when no endpoint may subscribe to it. */
export function notificationTypeOf(event: CloudEvent): string | undefined {
  if (!event.type.startsWith(CLOUD_EVENT_TYPE_PREFIX)) return undefined;
  const type = event.type.slice(CLOUD_EVENT_TYPE_PREFIX.length);
  return isNotificationEventType(type) ? type : undefined;
}

/**
 * Turns events into deliveries through a durable consumer of its own: one delivery per (event,
 * subscribed endpoint), inserted or ignored on a UNIQUE key and acked after the commit, so a
 * redelivered event adds nothing and a crash loses nothing (exactly once per endpoint).
 */
@Injectable()
export class NotificationConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('notifications');
  private readonly consumer: DurableConsumer;

  constructor(
    @Inject(EventBus) bus: EventBus,
    private readonly repository: NotificationsRepository,
  ) {
    this.consumer = new DurableConsumer({
      nc: bus.nc,
      js: bus.js,
      jsm: bus.jsm,
      stream: bus.streamName,
      durable: IDENTITY_NOTIFICATIONS_CONSUMER,
      filterSubject: bus.subjects.events,
      store: (events) => this.store(events),
      isTransient: isTransientDatabaseError,
      onError: (error) =>
        this.logger.warn(
          `notification intake retry: ${error instanceof Error ? error.message : String(error)}`,
        ),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }

  async store(events: CloudEvent[]): Promise<void> {
    const notifiable: NotifiableEvent[] = [];
    for (const event of events) {
      const type = notificationTypeOf(event);
      if (type)
        notifiable.push({ id: event.id, orgId: event.orgid, type, payload: notificationBody(event, type) });
    }
    await this.repository.addDeliveries(notifiable, new Date());
  }
}
