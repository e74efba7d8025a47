import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { Counter } from 'prom-client';
import type { CloudEvent } from '@latchkey/contracts';
import { DurableConsumer, EventBus } from '@latchkey/messaging';
import { AUDIT_CONFIG, type AuditConfig } from '../config/audit-config';
import { AuditEventSchema } from '../events/audit-event.entity';
import { toEventRow } from './event-row';

const stored = new Counter({ name: 'audit_events_stored_total', help: 'Events stored (new rows)' });
const invalid = new Counter({
  name: 'audit_events_invalid_total',
  help: 'Messages refused: invalid envelope',
});

/**
 * Consumes every Latchkey event from JetStream and stores it exactly once: UNIQUE event id,
 * insert-or-ignore, ack only after the commit. Batches when the stream is busy.
 */
@Injectable()
export class AuditIngestService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('audit-ingest');
  private readonly consumer: DurableConsumer;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(EventBus) bus: EventBus,
    @Inject(AUDIT_CONFIG) config: AuditConfig,
  ) {
    this.consumer = new DurableConsumer({
      js: bus.js,
      jsm: bus.jsm,
      stream: bus.streamName,
      durable: config.AUDIT_CONSUMER,
      filterSubject: bus.subjects.events,
      batchSize: config.AUDIT_BATCH_SIZE,
      store: async (events) => {
        await this.store(events);
      },
      onInvalid: (msg, reason) => {
        invalid.inc();
        // The subject and sequence identify the message; its payload may hold anything, so it is not logged.
        this.logger.warn(`refused message ${msg.subject}#${msg.seq}: ${reason}`);
      },
      onError: (error) =>
        this.logger.warn(`ingest retry: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }

  async store(events: CloudEvent[]): Promise<number> {
    const receivedAt = new Date();
    const em = this.orm.em.fork();
    const rows = events.map((e) => toEventRow(e, receivedAt));
    const result = await em
      .createQueryBuilder(AuditEventSchema)
      .insert(rows)
      .onConflict('id')
      .ignore()
      .execute('run');
    const inserted = typeof result.affectedRows === 'number' ? result.affectedRows : rows.length;
    stored.inc(inserted);
    return inserted;
  }
}
