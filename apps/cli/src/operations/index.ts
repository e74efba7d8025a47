// What the operators' commands (migrate, seed, audit verify-chain, audit redrive) share: the
// database they default to and running a service's task against it.
export { ensureDatabase, LOCAL_DATABASE_URL } from './database';
export { DATABASE_SERVICES, databaseUrlOf, jsonLines, runTask, SCHEMAS, taskFailure } from './service-tasks';
