import { Module } from '@nestjs/common';
import { EventRepository } from './event.repository';

/** The stored trail's reads, shared by query, export and live tail. */
@Module({ providers: [EventRepository], exports: [EventRepository] })
export class TrailModule {}
