import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PeriodicTask } from '@latchkey/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { DeliveryClient } from './delivery-client';
import { NotificationsRepository, type ClaimedDelivery } from './notifications.repository';
import { DEFAULT_RETRY_SCHEDULE, retryDelayMs, type RetrySchedule } from './retry-schedule';

/** Deliveries attempted per poll (at once). */
const CLAIM_BATCH = 20;

/**
 * POSTs due deliveries: each attempt is logged (time, status code, latency, error, next attempt);
 * a failure is retried on the back-off schedule and dead-lettered after the last attempt. Every
 * replica may run it: deliveries are claimed with SKIP LOCKED and a lease.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('notification-delivery');
  private readonly client: DeliveryClient;
  private readonly schedule: RetrySchedule;
  private task: PeriodicTask | undefined;

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly repository: NotificationsRepository,
  ) {
    this.client = new DeliveryClient({ allowLoopback: config.NOTIFICATIONS_ALLOW_LOCAL });
    this.schedule = { ...DEFAULT_RETRY_SCHEDULE, baseMs: config.NOTIFICATION_RETRY_BASE_MS };
  }

  onApplicationBootstrap(): void {
    this.task = new PeriodicTask(
      this.config.NOTIFICATION_POLL_MS,
      () => this.deliverDue(),
      (error) => this.logger.warn(`delivery round failed: ${String(error)}`),
    );
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task?.stop();
    await this.client.close();
  }

  /** One round: the due deliveries, attempted together; how many were attempted. */
  async deliverDue(now = new Date()): Promise<number> {
    const due = await this.repository.claimDue(now, CLAIM_BATCH);
    await Promise.all(due.map((delivery) => this.attempt(delivery)));
    return due.length;
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const attemptedAt = new Date();
    const result = await this.client.post(
      {
        url: delivery.url,
        secret: delivery.secret,
        messageId: delivery.id,
        body: delivery.payload,
        timeoutMs: this.config.NOTIFICATION_TIMEOUT_MS,
      },
      attemptedAt,
    );
    const round = delivery.attempts + 1;
    const delay = result.ok ? undefined : retryDelayMs(round, this.schedule, Math.random());
    const nextAttemptAt = delay === undefined ? null : new Date(attemptedAt.getTime() + delay);
    const status = result.ok ? 'succeeded' : nextAttemptAt ? 'pending' : 'dead';
    if (status === 'dead')
      this.logger.warn(`notification ${delivery.id} dead-lettered after ${round} attempts`);
    await this.repository.recordAttempt(
      delivery.id,
      {
        deliveryId: delivery.id,
        attempt: delivery.logged + 1,
        attemptedAt,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        error: result.error,
        nextAttemptAt,
      },
      { status, round, deliveredAt: result.ok ? new Date() : null },
    );
  }
}
