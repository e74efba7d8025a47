import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PeriodicTask } from '@latchkey/runtime';
import { ChainSigner } from '../chain';
import { AUDIT_CONFIG, type AuditConfig } from '../config';
import { RetentionRepository } from './retention.repository';

const BATCH = 1000;

const DAY_MS = 86_400_000;

/**
 * Deletes events older than the retention period (the system tenant's trail has its own),
 * oldest first, in bounded batches (one short
 * transaction each), and records in `chain_cuts` where each chain now starts and how many events
 * went, signed as a cut (`typ` latchkey-audit-cut+jws, never taken for a checkpoint), so
 * verification continues from the cut instead of failing on the missing prefix — and a cut someone
 * added by hand to hide rewritten history is refused for its missing signature.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('retention');
  private task: PeriodicTask | undefined;

  constructor(
    private readonly retention: RetentionRepository,
    @Inject(AUDIT_CONFIG)
    private readonly config: Pick<
      AuditConfig,
      'AUDIT_RETENTION_DAYS' | 'AUDIT_SYSTEM_RETENTION_DAYS' | 'AUDIT_RETENTION_INTERVAL_MS'
    >,
    private readonly signer: ChainSigner,
  ) {}

  onApplicationBootstrap(): void {
    const { AUDIT_RETENTION_DAYS: days, AUDIT_SYSTEM_RETENTION_DAYS: systemDays } = this.config;
    if (days === 0 && systemDays === 0) return;
    const before = (d: number) => (d === 0 ? undefined : new Date(Date.now() - d * DAY_MS));
    this.task = new PeriodicTask(
      this.config.AUDIT_RETENTION_INTERVAL_MS,
      () => this.purge(before(days), before(systemDays)),
      (error) => this.logger.warn(`retention failed: ${String(error)}`),
    );
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task?.stop();
  }

  /**
   * Deletes every organisation's chain prefix received before `cutoff`, and the system tenant's
   * before `systemCutoff` (undefined: keep); returns how many events went.
   */
  async purge(cutoff: Date | undefined, systemCutoff: Date | undefined = cutoff): Promise<number> {
    if (!cutoff && !systemCutoff) return 0;
    let total = 0;
    for (;;) {
      const deleted = await this.retention.deleteBatch({ cutoff, systemCutoff }, BATCH, (cut, cutAt) =>
        this.signer.sign('cut', { ...cut, cut_at: cutAt.toISOString() }),
      );
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
