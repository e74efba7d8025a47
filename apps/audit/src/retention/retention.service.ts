import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { SYSTEM_ORG_ID } from '@latchkey/contracts';
import { PeriodicTask } from '@latchkey/runtime';
import { ChainSigner } from '../chain/chain-signer';
import { AUDIT_CONFIG, type AuditConfig } from '../config/audit-config';

const BATCH = 1000;
/** The advisory lock that serialises retention batches (a name no organisation id can take). */
const RETENTION_LOCK = 'latchkey.audit.retention';

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
    @Inject(MikroORM) private readonly orm: MikroORM,
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
    const schema = this.orm.config.get('schema') as string;
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (cutoff) {
      conditions.push(`("org_id" <> ? and "received_at" < ?)`);
      params.push(SYSTEM_ORG_ID, cutoff);
    }
    if (systemCutoff) {
      conditions.push(`("org_id" = ? and "received_at" < ?)`);
      params.push(SYSTEM_ORG_ID, systemCutoff);
    }
    if (conditions.length === 0) return 0;
    let total = 0;
    for (;;) {
      const deleted = await this.orm.em.fork().transactional(async (tx) => {
        // One batch at a time across replicas: a chain's newest cut then never lies past events
        // still stored, which the verifier reports as a cut discontinuous with its chain.
        await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 16))', [RETENTION_LOCK]);
        const rows = await tx.execute<{ org_id: string; chain_seq: string; hash: string; n: string }[]>(
          `with doomed as (
             select "id", "org_id", "chain_seq", "hash" from "${schema}"."events"
              where ${conditions.join(' or ')} order by "org_id", "chain_seq" limit ${BATCH} for update skip locked
           ), gone as (
             delete from "${schema}"."events" e using doomed d where e."id" = d."id"
             returning d."org_id", d."chain_seq", d."hash"
           )
           select distinct on ("org_id") "org_id", "chain_seq", "hash", count(*) over (partition by "org_id") as n
             from gone order by "org_id", "chain_seq" desc`,
          params,
        );
        for (const row of rows) {
          const cutAt = new Date();
          const signature = await this.signer.sign('cut', {
            org_id: row.org_id,
            chain_seq: Number(row.chain_seq),
            hash: row.hash,
            cut_at: cutAt.toISOString(),
            deleted: Number(row.n),
          });
          await tx.execute(
            `insert into "${schema}"."chain_cuts" ("org_id", "chain_seq", "hash", "cut_at", "deleted", "signature")
             values (?, ?, ?, ?, ?, ?) on conflict do nothing`,
            [row.org_id, row.chain_seq, row.hash, cutAt, row.n, signature],
          );
        }
        return rows.reduce((sum, r) => sum + Number(r.n), 0);
      });
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
