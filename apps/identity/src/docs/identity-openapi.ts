import { openApiDocumentOf } from '@latchkey/runtime';
import { IDENTITY_ROUTES } from '@latchkey/api-routes';

/** What identity's own OpenAPI document says of itself (main.ts serves it; tests build it in-process). */
export const IDENTITY_DOCUMENT_INFO = {
  title: 'Latchkey identity',
  description: 'Sign-in, tokens, API keys, members, policy and webhook connections.',
};

/** Identity's OpenAPI document, from its route declarations (the same the controllers serve). */
export function identityDocument() {
  return openApiDocumentOf(IDENTITY_ROUTES, IDENTITY_DOCUMENT_INFO);
}
