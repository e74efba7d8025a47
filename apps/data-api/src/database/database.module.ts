import { type DynamicModule, Global, Module } from '@nestjs/common';
import {
  DatabaseModule,
  ormOptions,
  OutboxRelayService,
  UnitOfWork,
  unitOfWorkProvider,
  type DatabaseSettings,
} from '@latchkey/runtime';
import { DATA_API_ENTITIES } from './entities';
import { DATA_API_MIGRATION_NAMES } from './migration-list';

/**
 * The data API's database: the ORM over its entities, readiness against its migrations, the outbox
 * relay and the one unit of work every change runs in (global: capability modules inject
 * `UnitOfWork` without importing this folder, which already depends on their entities).
 */
@Global()
@Module({})
export class DataApiDatabaseModule {
  static forRoot(settings: DatabaseSettings): DynamicModule {
    return {
      module: DataApiDatabaseModule,
      imports: [DatabaseModule.forRoot(ormOptions(settings, DATA_API_ENTITIES), DATA_API_MIGRATION_NAMES)],
      providers: [OutboxRelayService, unitOfWorkProvider],
      exports: [UnitOfWork],
    };
  }
}
