/**
 * The system tenant: the audit trail of what belongs to no organisation — refusals of unknown keys,
 * anonymous requests and failed sign-ins, and refusals beyond the organisations tracked per window.
 * It has its own retention (AUDIT_SYSTEM_RETENTION_DAYS) and is read by operators only, in the
 * database: no principal may act for it, so no tenant API ever serves it.
 *
 * Real organisation ids are `org_` and a 26-character upper-case ULID: this one can never be one.
 * Wire value: stored in `audit.events.org_id` and used in NATS subjects; never change it.
 */
export const SYSTEM_ORG_ID = 'org_system';
