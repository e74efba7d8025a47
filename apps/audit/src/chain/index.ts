/** The hash chain: how events are linked (pure), its verification, checkpoints and signing. */
export {
  canonicalJson,
  canonicalParts,
  chainedFieldsOf,
  chainHash,
  GENESIS_HASH,
  GENESIS_HEAD,
  linkEvents,
  linkHash,
  type CanonicalParts,
  type ChainedFields,
  type ChainHead,
  type ChainLink,
} from './hash-chain';
export { ChainSigner, ChainStatementVerifier, type CutPayload } from './chain-signer';
export { ChainVerifier } from './chain-verifier';
export { ChainRepository } from './chain.repository';
export { CheckpointService } from './checkpoint.service';
export { CheckpointRepository } from './checkpoint.repository';
export { ChainModule } from './chain.module';
