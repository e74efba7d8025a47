import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { EventType, type KeyExpiredData } from '@latchkey/contracts';
import { EventBus } from '@latchkey/messaging';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { recordEvent } from '../events/change-events';
import { KeyInvalidationService } from '../events/key-invalidation.service';
import { OutboxRelayService, PeriodicTask } from '@latchkey/runtime';
import { ApiKeySchema } from './api-key.entity';

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
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly relay: OutboxRelayService,
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
    const expired = await this.orm.em.fork().transactional(async (tx) => {
      const keys = await tx.find(
        ApiKeySchema,
        { status: 'active', expiresAt: { $lte: now } },
        { limit: 500, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
      );
      for (const key of keys) {
        key.status = 'expired';
        key.updatedAt = now;
        const data: KeyExpiredData = {
          key_id: key.id,
          expired_at: (key.expiresAt ?? now).toISOString(),
          actor: { type: 'system', id: 'expiry-sweeper' },
        };
        recordEvent(tx, this.bus.subjects, EventType.KeyExpired, key.orgId, key.id, data);
      }
      return keys.map((k) => k.id);
    });
    if (expired.length > 0) {
      this.relay.nudge();
      for (const id of expired) this.invalidation.announce(id);
    }
    return expired.length;
  }
}
