import { AuditEventSchema } from '../trail';

/** Every entity audit owns (all in its own schema). */
export const AUDIT_ENTITIES = [AuditEventSchema];
