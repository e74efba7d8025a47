/** Credentials and tokens: what a client presents, and the tokens identity signs for it. */
export { CredentialsModule } from './credentials.module';
export { CredentialThrottle, type ThrottleLimits, type ThrottleVerdict } from './login-throttle';
export { TokenIssuanceLog, type IssuedToken } from './token-issuance.service';
export { TokenSigner } from './token-signer.service';
