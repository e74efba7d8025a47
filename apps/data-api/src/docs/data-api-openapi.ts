import { DATA_API_ROUTES } from '@latchkey/api-routes';
import { openApiDocumentOf } from '@latchkey/runtime';

/** What the data API's own OpenAPI document says of itself (main.ts serves it; tests build it in-process). */
export const DATA_API_DOCUMENT_INFO = {
  title: 'Latchkey data API',
  description: 'Projects, leads, invoices and transactions; webhook ingestion.',
};

/**
 * The data API's OpenAPI document, from its route declarations (the same its controllers serve);
 * the gateway merges it into the product's document.
 */
export function dataApiDocument() {
  return openApiDocumentOf(DATA_API_ROUTES, DATA_API_DOCUMENT_INFO);
}
