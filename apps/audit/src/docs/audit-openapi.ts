import { openApiDocumentOf } from '@latchkey/runtime';
import { AUDIT_ROUTES } from '@latchkey/api-routes';

/** What audit's own OpenAPI document says of itself (main.ts serves it; tests build it in-process). */
export const AUDIT_DOCUMENT_INFO = {
  title: 'Latchkey audit',
  description: 'Query, export and live tail of the audit trail; usage; chain verification.',
};

/** Audit's OpenAPI document, from its route declarations (the same the controllers serve). */
export function auditDocument() {
  return openApiDocumentOf(AUDIT_ROUTES, AUDIT_DOCUMENT_INFO);
}
