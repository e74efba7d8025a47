import { Module } from '@nestjs/common';
import { AUDIT_CONFIG, type AuditConfig } from '../config';
import { TrailModule } from '../trail';
import { ChainController } from './chain.controller';
import { ChainSigner, ChainStatementVerifier } from './chain-signer';
import { ChainVerifier } from './chain-verifier';
import { ChainRepository } from './chain.repository';
import { CheckpointKeysController } from './checkpoint-keys.controller';
import { CheckpointRepository } from './checkpoint.repository';
import { CheckpointService } from './checkpoint.service';

/**
 * Tamper evidence: the per-organisation hash chain, its verification, signed checkpoints and the
 * published checkpoint keys. Exports the signer (retention signs its cuts with it).
 */
@Module({
  imports: [TrailModule],
  controllers: [ChainController, CheckpointKeysController],
  providers: [
    {
      provide: ChainSigner,
      inject: [AUDIT_CONFIG],
      useFactory: (config: AuditConfig) =>
        new ChainSigner(config.AUDIT_SIGNING_KEY, config.AUDIT_RETIRED_PUBLIC_KEYS ?? []),
    },
    {
      provide: ChainStatementVerifier,
      inject: [ChainSigner],
      useFactory: (signer: ChainSigner) => signer.verifier(),
    },
    ChainRepository,
    CheckpointRepository,
    ChainVerifier,
    CheckpointService,
  ],
  exports: [ChainSigner],
})
export class ChainModule {}
