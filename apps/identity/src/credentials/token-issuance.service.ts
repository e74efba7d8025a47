import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EventType, type TokenIssuedData } from '@latchkey/contracts';
import { PeriodicTask, UnitOfWork } from '@latchkey/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { recordEvent } from '../events';
import { TokenIssuanceRepository, type IssuanceRow } from './token-issuance.repository';

/** One token issued: for a key's secret (`POST /auth/token`) or a user (`POST /auth/login`). */
export interface IssuedToken {
  kind: TokenIssuedData['kind'];
  orgId: string;
  /** The key (access tokens) or the user (user tokens). */
  subjectId: string;
  /** The secret an access token was exchanged with. */
  secretId?: string;
  ip: string;
}

/** A window is flushed this long after it ends, so requests still being answered land in it. */
const SETTLE_MS = 2000;
const FLUSH_BATCH = 500;

/**
 * Every credential issued is in the audit trail, aggregated: each issuance adds one to its
 * credential's row for the current window (one upsert, committed before the token is handed out,
 * so a crash loses nothing), and a periodic flush turns windows that have ended into `token.issued`
 * events, written to the outbox in the same transaction that deletes their rows. Every replica
 * counts into the same rows and flushes with SKIP LOCKED, so a window is one event per credential
 * (two if an issuance commits after its window was flushed: each count is exact, their sum too).
 */
@Injectable()
export class TokenIssuanceLog implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('token-issuance');
  private readonly windowMs: number;
  private task: PeriodicTask | undefined;

  constructor(
    @Inject(UnitOfWork) private readonly unit: UnitOfWork,
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
    private readonly rows: TokenIssuanceRepository,
  ) {
    this.windowMs = config.ISSUANCE_WINDOW_SECONDS * 1000;
  }

  onApplicationBootstrap(): void {
    this.task = new PeriodicTask(
      Math.min(this.windowMs, 15_000),
      () => this.flush(),
      (error) => this.logger.warn(`flush failed: ${String(error)}`),
    );
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task?.stop();
  }

  /** Counts one issued token; resolves once the count is committed. */
  async record(token: IssuedToken, now = new Date()): Promise<void> {
    const start = Math.floor(now.getTime() / this.windowMs) * this.windowMs;
    await this.rows.count({
      kind: token.kind,
      orgId: token.orgId,
      subjectId: token.subjectId,
      secretId: token.secretId ?? '',
      windowStart: new Date(start),
      windowEnd: new Date(start + this.windowMs),
      ip: token.ip,
      at: now,
    });
  }

  /**
   * Emits `token.issued` for every window that has ended (and settled), each batch in the
   * transaction that deletes its rows; returns how many.
   */
  async flush(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - SETTLE_MS);
    let total = 0;
    for (;;) {
      const flushed = await this.unit.run(async (tx) => {
        const rows = await this.rows.takeEnded(tx, cutoff, FLUSH_BATCH);
        for (const row of rows) {
          recordEvent(tx, EventType.TokenIssued, row.org_id, row.subject_id, eventOf(row));
        }
        return rows.length;
      });
      total += flushed;
      if (flushed < FLUSH_BATCH) break;
    }
    return total;
  }
}

function eventOf(row: IssuanceRow): TokenIssuedData {
  const iso = (value: Date | string) => new Date(value).toISOString();
  const credential: Pick<TokenIssuedData, 'actor' | 'key_id' | 'secret_id' | 'user_id'> =
    row.kind === 'access_token'
      ? { actor: { type: 'api_key', id: row.subject_id }, key_id: row.subject_id, secret_id: row.secret_id }
      : { actor: { type: 'user', id: row.subject_id }, user_id: row.subject_id };
  return {
    kind: row.kind,
    ...credential,
    count: Number(row.count),
    window_start: iso(row.window_start),
    window_end: iso(row.window_end),
    first_at: iso(row.first_at),
    last_at: iso(row.last_at),
    by_ip: row.by_ip,
  };
}
