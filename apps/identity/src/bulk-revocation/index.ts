/** Bulk revocation: dry-run plans of the keys a filter names, executed once (ADR 0025). */
export { BulkRevocationModule } from './bulk-revocation.module';
export { grantsScope, keyCriteria } from './revocation-filter';
export { combinedPropagation, planRefusal, splitPlannedKeys } from './revocation-plan';
