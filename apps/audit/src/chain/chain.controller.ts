import { Controller } from '@nestjs/common';
import type { ChainVerificationView, CheckpointListView, Principal, RouteInput } from '@latchkey/contracts';
import { CurrentPrincipal, Input } from '@latchkey/runtime';
import { AuditEndpoint } from '../http';
import { listCheckpoints, verifyChain } from '@latchkey/api-routes';
import { ChainVerifier } from './chain-verifier';
import { CheckpointService } from './checkpoint.service';

/** Tamper evidence for the principal's organisation: recompute the chain; list signed checkpoints. */
@Controller()
export class ChainController {
  constructor(
    private readonly verifier: ChainVerifier,
    private readonly checkpoints: CheckpointService,
  ) {}

  @AuditEndpoint(verifyChain)
  async verify(@CurrentPrincipal() principal: Principal): Promise<ChainVerificationView> {
    const report = await this.verifier.verify(principal.org_id);
    const [latest] = await this.checkpoints.list(principal.org_id, 1);
    return {
      ...report,
      latest_checkpoint: latest
        ? { ...latest, signature_valid: await this.checkpoints.verifySignature(principal.org_id, latest) }
        : null,
    };
  }

  @AuditEndpoint(listCheckpoints)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Input() { query }: RouteInput<typeof listCheckpoints>,
  ): Promise<CheckpointListView> {
    const { limit } = query;
    return {
      public_key: await this.checkpoints.publicKey(),
      data: await this.checkpoints.list(principal.org_id, limit),
    };
  }
}
