import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { HealthRegistry } from './health';

export interface DatabaseSettings {
  DATABASE_URL: string;
  DATABASE_SCHEMA: string;
  DATABASE_POOL_MAX: number;
}

/** MikroORM options every service shares: one PostgreSQL schema per service, no implicit DDL. */
export function ormOptions(settings: DatabaseSettings, entities: Options['entities']): Options {
  return {
    clientUrl: settings.DATABASE_URL,
    schema: settings.DATABASE_SCHEMA,
    entities,
    pool: { max: settings.DATABASE_POOL_MAX },
    // MikroORM reads only host, port, user, password and database from the URL; handing pg the URL
    // as well keeps its other parameters (sslmode, application_name, options, …) in force.
    driverOptions: { connectionString: settings.DATABASE_URL },
    // Schema changes happen only through `npm run migrate`, never on boot.
    ensureDatabase: false,
    allowGlobalContext: false,
    debug: false,
  };
}

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  // After the HTTP server has finished its in-flight requests.
  async onApplicationShutdown(): Promise<void> {
    await this.orm.close();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: Options): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: MikroORM,
          inject: [HealthRegistry],
          useFactory: async (health: HealthRegistry) => {
            const orm = await MikroORM.init<PostgreSqlDriver>(options);
            health.register({
              name: 'postgres',
              check: async () => {
                await orm.em.getConnection().execute('select 1');
              },
            });
            return orm;
          },
        },
        DatabaseLifecycle,
      ],
      exports: [MikroORM],
    };
  }
}
