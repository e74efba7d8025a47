export { AuditEndpoint } from './audit-endpoint';
