import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EventType, IDENTITY_USAGE_CONSUMER, type CloudEvent, type KeyUsedData } from '@latchkey/contracts';
import { DurableConsumer, EventBus } from '@latchkey/messaging';
import { isTransientDatabaseError } from '@latchkey/runtime';
import { ApiKeyRepository } from './api-key.repository';
import { KeyExerciseRepository, type KeyWindowUse } from './key-exercise.repository';
import { KeySourceRepository, type KeySourceUse } from './key-source.repository';

/**
 * Keeps `last_used_at` of each key, and the addresses it was used from, from the gateways' batched `key.used` events (a durable consumer
 * of its own). Idempotent by nature: the column only ever moves forward to the latest window end.
 */
@Injectable()
export class KeyUsageConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('key-usage');
  private readonly consumer: DurableConsumer;

  constructor(
    @Inject(EventBus) bus: EventBus,
    private readonly keys: ApiKeyRepository,
    private readonly sources: KeySourceRepository,
    private readonly exercise: KeyExerciseRepository,
  ) {
    this.consumer = new DurableConsumer({
      nc: bus.nc,
      js: bus.js,
      jsm: bus.jsm,
      stream: bus.streamName,
      durable: IDENTITY_USAGE_CONSUMER,
      filterSubject: bus.subjects.event('*', EventType.KeyUsed),
      store: (events) => this.store(events),
      isTransient: isTransientDatabaseError,
      onError: (error) =>
        this.logger.warn(`usage update retry: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }

  private async store(events: CloudEvent[]): Promise<void> {
    const latest = new Map<string, Date>();
    const used: KeySourceUse[] = [];
    const windows: KeyWindowUse[] = [];
    for (const event of events) {
      const data = event.data as unknown as Partial<KeyUsedData>;
      const at = new Date(data.window_end ?? event.time);
      if (typeof data.key_id !== 'string' || Number.isNaN(at.getTime())) continue;
      const known = latest.get(data.key_id);
      if (!known || known < at) latest.set(data.key_id, at);
      // Every address of the window (ADR 0025): what a bulk revocation's `last_used_from` matches.
      const ips = new Set([...Object.keys(data.by_ip ?? {}), ...(data.last_ip ? [data.last_ip] : [])]);
      for (const ip of ips) used.push({ keyId: data.key_id, ip, at });
      // What the key exercised (ADR 0026): routes and requests per minute, for least privilege.
      windows.push({ keyId: data.key_id, at, requests: data.requests ?? 0, routes: data.by_path ?? {} });
    }
    await this.keys.recordUse(latest);
    await this.sources.record(used);
    await this.exercise.record(windows);
  }
}
