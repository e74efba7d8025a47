import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { CheckpointView, PublicJwkView } from '@latchkey/contracts';
import { PeriodicTask } from '@latchkey/runtime';
import { AUDIT_CONFIG, type AuditConfig } from '../config';
import { ChainSigner, type CheckpointPayload } from './chain-signer';
import { CheckpointRepository } from './checkpoint.repository';

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
    private readonly checkpoints: CheckpointRepository,
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
    let signed = 0;
    for (const head of await this.checkpoints.heads()) {
      const payload: CheckpointPayload = {
        org_id: head.org_id,
        chain_seq: head.chain_seq,
        hash: head.hash,
        signed_at: now.toISOString(),
      };
      const signature = await this.signer.sign('checkpoint', payload);
      const recorded = await this.checkpoints.insert({
        ...payload,
        signed_at: now,
        kid: this.signer.kid,
        signature,
      });
      if (recorded) signed += 1;
    }
    return signed;
  }

  async list(orgId: string, limit: number): Promise<CheckpointView[]> {
    return this.checkpoints.list(orgId, limit);
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
