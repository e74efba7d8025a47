import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { PublicJwkView } from '@latchkey/contracts';
import { PeriodicTask } from '@latchkey/runtime';
import { AUDIT_CONFIG, type AuditConfig } from '../config/audit-config';
import { ChainSigner, type CheckpointPayload } from './chain-signer';

/**
 * Signs each organisation's chain head at an interval (Ed25519, compact JWS over the canonical
 * payload, `typ` latchkey-audit-checkpoint+jws: it never passes as a retention cut). A checkpoint pins history: rewriting the chain before it changes a hash the signature
 * covers, and cutting events after it leaves the chain shorter than what was signed; the verifier
 * checks both. Copies kept outside the database (the checkpoints endpoint) pin it even against
 * someone who can delete rows.
 */
@Injectable()
export class CheckpointService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('checkpoints');
  private task: PeriodicTask | undefined;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(AUDIT_CONFIG) private readonly config: Pick<AuditConfig, 'AUDIT_CHECKPOINT_INTERVAL_MS'>,
    private readonly signer: ChainSigner,
  ) {}

  onApplicationBootstrap(): void {
    this.task = new PeriodicTask(
      this.config.AUDIT_CHECKPOINT_INTERVAL_MS,
      () => this.checkpoint(),
      (error) => this.logger.warn(`checkpoint failed: ${String(error)}`),
    );
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task?.stop();
  }

  async publicKey(): Promise<PublicJwkView> {
    return this.signer.publicJwk();
  }

  /** Signs the head of every chain that grew since its last checkpoint. */
  async checkpoint(now = new Date()): Promise<number> {
    const schema = this.orm.config.get('schema') as string;
    const em = this.orm.em.fork();
    const heads = await em.execute<{ org_id: string; chain_seq: string; hash: string }[]>(
      `select distinct on (e."org_id") e."org_id", e."chain_seq", e."hash"
         from "${schema}"."events" e
        order by e."org_id", e."chain_seq" desc`,
    );
    let signed = 0;
    for (const head of heads) {
      const payload: CheckpointPayload = {
        org_id: head.org_id,
        chain_seq: Number(head.chain_seq),
        hash: head.hash,
        signed_at: now.toISOString(),
      };
      const signature = await this.signer.sign('checkpoint', payload);
      const inserted = await em.execute<unknown[]>(
        `insert into "${schema}"."checkpoints" ("org_id", "chain_seq", "hash", "signed_at", "kid", "signature")
         values (?, ?, ?, ?, ?, ?) on conflict do nothing returning 1`,
        [payload.org_id, payload.chain_seq, payload.hash, now, this.signer.kid, signature],
      );
      signed += inserted.length;
    }
    return signed;
  }

  async list(orgId: string, limit: number) {
    const schema = this.orm.config.get('schema') as string;
    const rows = await this.orm.em
      .fork()
      .execute<{ chain_seq: string; hash: string; signed_at: Date; kid: string; signature: string }[]>(
        `select "chain_seq", "hash", "signed_at", "kid", "signature" from "${schema}"."checkpoints"
          where "org_id" = ? order by "chain_seq" desc limit ${limit}`,
        [orgId],
      );
    return rows.map((r) => ({
      chain_seq: Number(r.chain_seq),
      hash: r.hash,
      signed_at: new Date(r.signed_at).toISOString(),
      kid: r.kid,
      signature: r.signature,
    }));
  }

  /** Checks a checkpoint's signature and that it signs this organisation's head at that position. */
  async verifySignature(
    orgId: string,
    checkpoint: { chain_seq: number; hash: string; signature: string },
  ): Promise<boolean> {
    const verifier = await this.signer.verifier();
    const verified = await verifier.verifies('checkpoint', checkpoint.signature, {
      org_id: orgId,
      chain_seq: checkpoint.chain_seq,
      hash: checkpoint.hash,
    });
    return verified.ok;
  }
}
