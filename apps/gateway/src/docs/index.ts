export { registerDocsRoutes } from './docs-routes';
export { buildProductDocument, type OpenApiDocument } from './product-openapi';
