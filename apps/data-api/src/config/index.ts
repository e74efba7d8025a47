export { DATA_API_CONFIG, dataApiConfigSchema, type DataApiConfig } from './data-api-config';
export { DataApiConfigModule } from './config.module';
