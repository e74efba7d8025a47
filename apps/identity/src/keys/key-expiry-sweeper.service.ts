import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EventType, type KeyExpiredData } from '@latchkey/contracts';
import { PeriodicTask, UnitOfWork } from '@latchkey/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { KeyInvalidationService, recordEvent } from '../events';
import { ApiKeyRepository } from './api-key.repository';

/** Keys marked per transaction. */
const SWEEP_BATCH = 500;

/**
 * Marks keys past their expiry as expired and emits `key.expired`. The gateway already refuses an
 * expired key from its snapshot's expires_at; this makes the state and the audit trail say so.
 * Rows are claimed with SKIP LOCKED, so every replica may sweep.
 */
@Injectable()
export class KeyExpirySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('key-expiry');
  private task: PeriodicTask | undefined;

  constructor(
    @Inject(UnitOfWork) private readonly unit: UnitOfWork,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly keys: ApiKeyRepository,
    private readonly invalidation: KeyInvalidationService,
  ) {}

  onApplicationBootstrap(): void {
    this.task = new PeriodicTask(
      this.config.EXPIRY_SWEEP_MS,
      () => this.sweep(),
      (error) => this.logger.warn(`sweep failed: ${String(error)}`),
    );
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task?.stop();
  }

  async sweep(now = new Date()): Promise<number> {
    const expired = await this.unit.run(async (tx) => {
      const keys = await this.keys.claimExpired(tx, now, SWEEP_BATCH);
      for (const key of keys) {
        key.status = 'expired';
        key.updatedAt = now;
        const data: KeyExpiredData = {
          key_id: key.id,
          expired_at: (key.expiresAt ?? now).toISOString(),
          actor: { type: 'system', id: 'expiry-sweeper' },
        };
        recordEvent(tx, EventType.KeyExpired, key.orgId, key.id, data);
      }
      return keys.map((k) => k.id);
    });
    for (const id of expired) this.invalidation.announce(id);
    return expired.length;
  }
}
