/** What audit's own OpenAPI document says of itself (main.ts serves it; tests build it in-process). */
export const AUDIT_DOCUMENT_INFO = {
  title: 'Latchkey audit',
  description: 'Query, export and live tail of the audit trail; usage; chain verification.',
};
