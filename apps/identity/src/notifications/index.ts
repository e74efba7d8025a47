/** Notifications (ADR 0027): endpoints, the event intake and signed deliveries with retries. */
export {
  NotificationAttemptSchema,
  NotificationDeliverySchema,
  type NotificationAttempt,
  type NotificationDelivery,
} from './notification-delivery.entity';
export { NotificationEndpointSchema, type NotificationEndpoint } from './notification-endpoint.entity';
export { checkEndpointUrl, refusalOfAddress, type DestinationRules } from './endpoint-address';
export { DeliveryWorker } from './delivery-worker.service';
export { NotificationConsumer } from './notification-consumer';
export { NotificationsModule } from './notifications.module';
export { NotificationsService } from './notifications.service';
export { NotificationsRepository } from './notifications.repository';
