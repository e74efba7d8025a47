export { AUDIT_DOCUMENT_INFO, auditDocument } from './audit-openapi';
