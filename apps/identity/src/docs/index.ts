/** Identity's own OpenAPI document, built from its route declarations. */
export { IDENTITY_DOCUMENT_INFO, identityDocument } from './identity-openapi';
