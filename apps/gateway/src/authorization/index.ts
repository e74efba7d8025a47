export { AuthorizationModule } from './authorization.module';
export {
  accessTokenSecretHolds,
  authorizeKey,
  checkKeyConstraints,
  checkKeyState,
  checkScope,
  errorCodeFor,
  type Decision,
  type DenyReason,
  type KeyGrants,
} from './decide';
