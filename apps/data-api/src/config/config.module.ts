import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DATA_API_CONFIG, type DataApiConfig } from './data-api-config';

/** The data API's validated settings, for any module that needs one (`@Inject(DATA_API_CONFIG)`). */
@Global()
@Module({})
export class DataApiConfigModule {
  static forRoot(config: DataApiConfig): DynamicModule {
    return {
      module: DataApiConfigModule,
      providers: [{ provide: DATA_API_CONFIG, useValue: config }],
      exports: [DATA_API_CONFIG],
    };
  }
}
