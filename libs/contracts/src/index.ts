export * from './error-codes';
export * from './events';
export * from './headers';
export * from './key-lookup';
export * from './principal';
export * from './routes';
export * from './subjects';
export * from './roles';
