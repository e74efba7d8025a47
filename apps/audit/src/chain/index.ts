/** The hash chain: how events are linked (pure), its verification, checkpoints and signing. */
export {
  canonicalParts,
  chainedFieldsOf,
  chainHash,
  linkEvents,
  type CanonicalParts,
  type ChainedFields,
  type ChainHead,
} from './hash-chain';
export { ChainSigner, type CutPayload } from './chain-signer';
export { ChainVerifier } from './chain-verifier';
export { ChainRepository } from './chain.repository';
export { CheckpointService } from './checkpoint.service';
export { CheckpointRepository } from './checkpoint.repository';
export { ChainModule } from './chain.module';
