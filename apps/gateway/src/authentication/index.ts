export { AuthenticationModule } from './authentication.module';
export { hasQueryCredential, parseCredential, type Credential } from './credential-parser';
export { PrincipalSigner } from './principal-signer';
export { TokenVerifier, type VerifiedToken } from './token-verifier';
export { KeyCache, type CacheResult, type CachedKey } from '../key-cache';
