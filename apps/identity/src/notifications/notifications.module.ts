import { Module } from '@nestjs/common';
import { EventsModule } from '../events';
import { DeliveryWorker } from './delivery-worker.service';
import { NotificationConsumer } from './notification-consumer';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Notification endpoints (`/admin/notifications`), the intake of events and their signed delivery. */
@Module({
  imports: [EventsModule],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, NotificationConsumer, DeliveryWorker],
  exports: [NotificationsService],
})
export class NotificationsModule {}
