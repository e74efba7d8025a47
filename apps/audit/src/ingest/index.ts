/** Ingestion: the bus's events stored exactly once, chained per organisation. */
export { IngestModule } from './ingest.module';
export { EventStore } from './event-store';
