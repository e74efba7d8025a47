import { Module } from '@nestjs/common';
import { AuditIngestService } from './audit-ingest.service';
import { EventStore } from './event-store';

/** Ingestion: the durable consumer of every event on the bus, and the store that chains them in. */
@Module({ providers: [EventStore, AuditIngestService] })
export class IngestModule {}
