import { Module } from '@nestjs/common';
import { AuditDatabase } from './audit-database';
import { EventRepository } from './event.repository';

/** The database access every repository goes through, and the trail's reads (query, export, live tail). */
@Module({ providers: [AuditDatabase, EventRepository], exports: [AuditDatabase, EventRepository] })
export class TrailModule {}
