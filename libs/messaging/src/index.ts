export * from './cloud-event';
export * from './bus-connection';
export * from './consumer/durable-consumer';
export * from './event-bus';
export * from './outbox/outbox';
export * from './outbox/outbox-event.entity';
export * from './outbox/outbox-relay';
export * from './stream';
