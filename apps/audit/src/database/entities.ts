import { AuditEventSchema } from '../events/audit-event.entity';

/** Every entity audit owns (all in its own schema). */
export const AUDIT_ENTITIES = [AuditEventSchema];
