import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { Counter, Histogram } from 'prom-client';
import { DurableConsumer, EventBus } from '@latchkey/messaging';
import {
  HealthRegistry,
  isSchemaBehindError,
  isTransientDatabaseError,
  SchemaReadiness,
} from '@latchkey/runtime';
import { AUDIT_CONFIG, type AuditConfig } from '../config';
import { EventStore } from './event-store';
import { producerRefusal } from './event-producer';

const stored = new Counter({ name: 'audit_events_stored_total', help: 'Events stored (new rows)' });
const deadLetters = new Counter({
  name: 'audit_dead_letters_total',
  help: 'Messages that could never be stored, moved to the dead-letter stream',
  labelNames: ['reason'],
});
const batchSize = new Histogram({
  name: 'audit_ingest_batch_size',
  help: 'Events per stored batch',
  buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10_000],
});

const storeSeconds = new Histogram({
  name: 'audit_ingest_store_seconds',
  help: 'Time to store one batch: preparation, waiting for the previous batch, transaction and commit',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

/**
 * Consumes every Latchkey event from JetStream with a durable pull consumer and stores it exactly
 * once (EventStore), acking only after the commit. What can never be stored goes to the
 * dead-letter stream with a metric and a log line (never the payload).
 */
@Injectable()
export class AuditIngestService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('audit-ingest');
  private readonly consumer: DurableConsumer;

  constructor(
    private readonly store: EventStore,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(AUDIT_CONFIG) config: AuditConfig,
    @Inject(SchemaReadiness) schema: SchemaReadiness,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {
    const deadLetterSubject = bus.subjects.deadLetter(config.AUDIT_CONSUMER);
    this.consumer = new DurableConsumer({
      nc: bus.nc,
      js: bus.js,
      jsm: bus.jsm,
      stream: bus.streamName,
      durable: config.AUDIT_CONSUMER,
      filterSubject: bus.subjects.events,
      batchSize: config.AUDIT_BATCH_SIZE,
      maxDeliver: config.AUDIT_MAX_DELIVER,
      // EventStore prepares a batch (rows, canonical JSON) outside its transaction and commits
      // batches in call order, so the next batch is prepared while the previous one commits.
      pipelineDepth: 2,
      // The database unreachable or a connection cut: hold the batch and retry, however long it takes.
      // So too a schema behind the code (a relation or column missing: the deployment's migrations
      // have not run yet): the events are fine, they must not use up deliveries towards the
      // dead-letter stream; audit is not ready until a store succeeds again.
      isTransient: (error) => {
        if (!isSchemaBehindError(error)) return isTransientDatabaseError(error);
        schema.reportMissing(error instanceof Error ? error.message.slice(0, 160) : 'a relation is missing');
        return true;
      },
      // An event its producer may not emit (or that contradicts its subject) is never stored.
      validate: (event, subject) => producerRefusal(event, subject, config.NATS_SUBJECT_PREFIX),
      store: async (events) => {
        batchSize.observe(events.length);
        const done = storeSeconds.startTimer();
        stored.inc(await this.store.store(events));
        done();
        schema.clearMissing();
      },
      onDeadLetter: async (msg, reason) => {
        const headers = natsHeaders();
        headers.set('Latchkey-Original-Subject', msg.subject);
        headers.set('Latchkey-Original-Sequence', String(msg.seq));
        headers.set('Latchkey-Dead-Letter-Reason', reason);
        await bus.js.publish(deadLetterSubject, msg.data, { headers, msgID: `${bus.streamName}-${msg.seq}` });
        deadLetters.inc({ reason: reason.split(' ')[0] ?? 'invalid' });
        // Subject and sequence identify the message; its payload may hold anything, so it is not logged.
        this.logger.warn(`dead-lettered ${msg.subject}#${msg.seq}: ${reason}`);
      },
      onError: (error) =>
        this.logger.warn(`ingest retry: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureDeadLetterStream();
    await this.consumer.start();
    // Audit serves by storing what the bus delivers: a consumer gone for good is not ready.
    this.health.register({ name: 'audit_consumer', check: () => this.consumer.check() });
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }
}
