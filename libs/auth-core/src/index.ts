export * from './api-key-format';
export * from './base62';
export * from './ids';
export * from './key-hash';
export * from './principal-token';
export * from './route-matcher';
export * from './scopes';
