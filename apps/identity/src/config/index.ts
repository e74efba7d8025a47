/** Identity's configuration: its schema, the injection token and the peppers it names. */
export { IdentityConfigModule } from './config.module';
export { identityInfrastructure } from './infrastructure';
export {
  configuredPeppers,
  currentPepper,
  IDENTITY_CONFIG,
  identityConfigSchema,
  retiredVariableProblems,
  type IdentityConfig,
} from './identity-config';
