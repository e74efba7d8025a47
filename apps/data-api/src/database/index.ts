export { DataApiDatabaseModule } from './database.module';
export { DATA_API_ENTITIES } from './entities';
export { DATA_API_MIGRATION_NAMES, DATA_API_MIGRATIONS } from './migration-list';
