import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  EventType,
  type KeyDormantData,
  type KeyExpiredData,
  type KeyExpiringData,
} from '@latchkey/contracts';
import { PeriodicTask, UnitOfWork } from '@latchkey/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { KeyInvalidationService, recordEvent } from '../events';
import { ApiKeyRepository } from './api-key.repository';
import { dormancyDue } from './key-dormancy';
import { dueExpiryWarning } from './key-expiry-warnings';

/** Keys marked per transaction. */
const SWEEP_BATCH = 500;

const SYSTEM = { type: 'system', id: 'expiry-sweeper' } as const;

/** What one sweep did. */
export interface SweepResult {
  expired: number;
  warned: number;
  dormant: number;
}

/**
 * Identity's periodic key work, on every replica (rows are claimed with SKIP LOCKED, so replicas
 * never take each other's):
 * - keys past their expiry are marked expired (`key.expired`). The gateway already refuses an
 *   expired key from its snapshot's expires_at; this makes the state and the audit trail say so;
 * - keys within 30, 7 or 1 days of their expiry are warned (`key.expiring`), once per key, expiry
 *   and threshold: the warning's record (key_expiry_warnings) and its event commit together, and
 *   the record's primary key refuses a second one whichever replica sweeps;
 * - keys unused for their organisation's dormant_after_days are disabled (`key.dormant`), and every
 *   gateway replica is told to drop what it cached of them (ADR 0022).
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

  async sweep(now = new Date()): Promise<SweepResult> {
    return {
      expired: await this.expire(now),
      warned: await this.warn(now),
      dormant: await this.disableDormant(now),
    };
  }

  async expire(now = new Date()): Promise<number> {
    const expired = await this.unit.run(async (tx) => {
      const keys = await this.keys.claimExpired(tx, now, SWEEP_BATCH);
      for (const key of keys) {
        key.status = 'expired';
        key.updatedAt = now;
        const data: KeyExpiredData = {
          key_id: key.id,
          expired_at: (key.expiresAt ?? now).toISOString(),
          actor: SYSTEM,
        };
        recordEvent(tx, EventType.KeyExpired, key.orgId, key.id, data);
      }
      return keys.map((k) => k.id);
    });
    for (const id of expired) this.invalidation.announce(id);
    return expired.length;
  }

  /** Sends the expiry warnings due at `now`; how many were sent. */
  async warn(now = new Date()): Promise<number> {
    return this.unit.run(async (tx) => {
      let sent = 0;
      for (const { key, warned } of await this.keys.claimDueForWarning(tx, now, SWEEP_BATCH)) {
        const days = dueExpiryWarning(key.expiresAt ?? null, now, warned);
        if (days === undefined || !key.expiresAt) continue;
        if (!(await this.keys.recordWarning(tx, key.id, days, now))) continue;
        const data: KeyExpiringData = {
          key_id: key.id,
          name: key.name,
          expires_at: key.expiresAt.toISOString(),
          days_left: days,
          actor: SYSTEM,
        };
        recordEvent(tx, EventType.KeyExpiring, key.orgId, key.id, data);
        sent += 1;
      }
      return sent;
    });
  }

  /** Disables the keys due to become dormant at `now`; how many. */
  async disableDormant(now = new Date()): Promise<number> {
    const disabled = await this.unit.run(async (tx) => {
      const ids: string[] = [];
      for (const { key, dormantAfterDays } of await this.keys.claimDormant(tx, now, SWEEP_BATCH)) {
        // The query chose them; the rule decides (the same rule the unit tests hold it to).
        if (!dormancyDue(key, dormantAfterDays, now)) continue;
        const data: KeyDormantData = {
          key_id: key.id,
          name: key.name,
          dormant_after_days: dormantAfterDays,
          last_used_at: key.lastUsedAt?.toISOString() ?? null,
          actor: SYSTEM,
        };
        key.status = 'dormant';
        key.dormantAt = now;
        key.updatedAt = now;
        recordEvent(tx, EventType.KeyDormant, key.orgId, key.id, data);
        ids.push(key.id);
      }
      return ids;
    });
    // After the commit: every replica drops the key, its next request looks it up and is refused.
    for (const id of disabled) this.invalidation.announce(id);
    if (disabled.length > 0) this.logger.log(`disabled ${disabled.length} dormant key(s)`);
    return disabled.length;
  }
}
