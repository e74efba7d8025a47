export { DATA_API_DOCUMENT_INFO, dataApiDocument } from './data-api-openapi';
