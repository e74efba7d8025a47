export { AuthorizationModule } from './authorization.module';
export {
  accessTokenHolds,
  accessTokenSecretHolds,
  authorizeKey,
  checkKeyConstraints,
  checkKeyState,
  checkQuarantine,
  checkScope,
  errorCodeFor,
  type Decision,
  type DenyReason,
  type KeyGrants,
  type KeySecrets,
} from './decide';
