import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { EventType, type TokenIssuedData } from '@latchkey/contracts';
import { EventBus } from '@latchkey/messaging';
import { OutboxRelayService, PeriodicTask } from '@latchkey/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { recordEvent } from '../events/change-events';

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

/** Distinct client addresses counted per window; the rest are summed under `other`. */
const MAX_IPS = 20;
/** A window is flushed this long after it ends, so requests still being answered land in it. */
const SETTLE_MS = 2000;
const FLUSH_BATCH = 500;

interface IssuanceRow {
  kind: TokenIssuedData['kind'];
  subject_id: string;
  secret_id: string;
  window_start: Date;
  org_id: string;
  window_end: Date;
  count: number;
  first_at: Date;
  last_at: Date;
  by_ip: Record<string, number>;
}

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
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
    private readonly relay: OutboxRelayService,
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
    const schema = this.schema();
    await this.orm.em
      .fork()
      .getConnection()
      .execute(
        `insert into "${schema}"."token_issuance" as t
           ("kind", "subject_id", "secret_id", "window_start", "org_id", "window_end", "count",
            "first_at", "last_at", "by_ip")
         values (?, ?, ?, ?, ?, ?, 1, ?, ?, jsonb_build_object(?::text, 1))
         on conflict ("kind", "subject_id", "secret_id", "window_start") do update set
           "count" = t."count" + 1,
           "last_at" = greatest(t."last_at", excluded."last_at"),
           "by_ip" = case
             when jsonb_exists(t."by_ip", ?::text)
               or (select count(*) from jsonb_object_keys(t."by_ip")) < ${MAX_IPS}
             then jsonb_set(t."by_ip", array[?::text], to_jsonb(coalesce((t."by_ip"->>(?::text))::int, 0) + 1))
             else jsonb_set(t."by_ip", '{other}', to_jsonb(coalesce((t."by_ip"->>'other')::int, 0) + 1))
           end`,
        [
          token.kind,
          token.subjectId,
          token.secretId ?? '',
          new Date(start),
          token.orgId,
          new Date(start + this.windowMs),
          now,
          now,
          token.ip,
          token.ip,
          token.ip,
          token.ip,
        ],
      );
  }

  /** Emits `token.issued` for every window that has ended (and settled); returns how many. */
  async flush(now = new Date()): Promise<number> {
    const schema = this.schema();
    const cutoff = new Date(now.getTime() - SETTLE_MS);
    let total = 0;
    for (;;) {
      const flushed = await this.orm.em.fork().transactional(async (tx) => {
        const rows = (await tx.execute(
          `select * from "${schema}"."token_issuance" where "window_end" <= ?
            order by "window_end" limit ${FLUSH_BATCH} for update skip locked`,
          [cutoff],
        )) as IssuanceRow[];
        for (const row of rows) {
          recordEvent(tx, this.bus.subjects, EventType.TokenIssued, row.org_id, row.subject_id, eventOf(row));
        }
        if (rows.length > 0) {
          await tx.execute(
            `delete from "${schema}"."token_issuance" t
              using jsonb_to_recordset(?::jsonb) as d("kind" text, "subject_id" text, "secret_id" text, "window_start" timestamptz)
              where t."kind" = d."kind" and t."subject_id" = d."subject_id"
                and t."secret_id" = d."secret_id" and t."window_start" = d."window_start"`,
            [
              JSON.stringify(
                rows.map((r) => ({
                  kind: r.kind,
                  subject_id: r.subject_id,
                  secret_id: r.secret_id,
                  window_start: new Date(r.window_start).toISOString(),
                })),
              ),
            ],
          );
        }
        return rows.length;
      });
      total += flushed;
      if (flushed < FLUSH_BATCH) break;
    }
    if (total > 0) this.relay.nudge();
    return total;
  }

  private schema(): string {
    return this.orm.config.get('schema') ?? 'identity';
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
