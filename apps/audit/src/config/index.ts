export { AUDIT_CONFIG, auditConfigSchema, type AuditConfig } from './audit-config';
export { AuditConfigModule } from './config.module';
