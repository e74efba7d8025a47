export { DataApiEndpoint } from './data-api-endpoint';
export { rowAccessOf, type RowAccess } from './row-access';
