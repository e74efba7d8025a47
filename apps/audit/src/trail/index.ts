/** The trail's record: the one event row, its entity, its API view, and the repository that reads it. */
export { type AuditEventRow, type RawEventRow, eventRowOf, toEventView } from './audit-event';
export { AuditEventSchema } from './audit-event.entity';
export { AuditDatabase } from './audit-database';
export { EventRepository, type PageOptions } from './event.repository';
export { TrailModule } from './trail.module';
