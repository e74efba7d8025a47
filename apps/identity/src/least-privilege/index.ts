/** Least privilege: granted against exercised, and the narrowed key as a PATCH body (ADR 0026). */
export { LeastPrivilegeModule } from './least-privilege.module';
export { globOverlapsTemplate, recommend } from './recommendation';
