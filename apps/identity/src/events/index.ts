/** Events and invalidations: how a capability's change is published and announced (no capability here). */
export { IDENTITY_EVENT_SOURCE, recordEvent } from './change-events';
export { EventsModule } from './events.module';
export { KeyInvalidationService, type Propagation } from './key-invalidation.service';
