import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import type { ChainVerificationView, Principal } from '@latchkey/contracts';
import { CurrentPrincipal, parseInput, PrincipalAccess, ZodQuery } from '@latchkey/runtime';
import { ChainVerifier } from './chain-verifier';
import { CheckpointService } from './checkpoint.service';

const checkpointsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** Tamper evidence for the principal's organisation: recompute the chain; list signed checkpoints. */
@Controller('audit')
@PrincipalAccess('key')
export class ChainController {
  constructor(
    private readonly verifier: ChainVerifier,
    private readonly checkpoints: CheckpointService,
  ) {}

  @Get('verify')
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

  @Get('checkpoints')
  @ZodQuery(checkpointsQuery)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const { limit } = parseInput(checkpointsQuery, query, 'query');
    return {
      public_key: await this.checkpoints.publicKey(),
      data: await this.checkpoints.list(principal.org_id, limit),
    };
  }
}
