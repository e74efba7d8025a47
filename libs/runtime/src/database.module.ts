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
import { SchemaReadiness } from './schema-readiness';

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
  /**
   * `migrations`: the names of the migrations the image carries (its migrate's list). The service
   * is then ready only once its schema has them all (SchemaReadiness, injectable).
   */
  static forRoot(options: Options, migrations?: readonly string[]): DynamicModule {
    const schemaProviders =
      migrations === undefined
        ? []
        : [
            {
              provide: SchemaReadiness,
              inject: [MikroORM, HealthRegistry],
              useFactory: (orm: MikroORM, health: HealthRegistry) => {
                const readiness = new SchemaReadiness({
                  schema: String(options.schema),
                  expected: migrations,
                  query: (sql) => orm.em.getConnection().execute(sql),
                });
                // Gates readiness: new code on an old schema must take no traffic.
                health.register({ name: 'schema', check: readiness.check });
                return readiness;
              },
            },
          ];
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: MikroORM,
          inject: [HealthRegistry],
          useFactory: async (health: HealthRegistry) => {
            const orm = await MikroORM.init<PostgreSqlDriver>(options);
            // A dependency, not readiness: a failover must not empty every Service at once; the
            // requests that need the database answer 503 meanwhile (ProblemExceptionFilter).
            health.registerDependency({
              name: 'postgres',
              check: async () => {
                await orm.em.getConnection().execute('select 1');
              },
            });
            return orm;
          },
        },
        DatabaseLifecycle,
        ...schemaProviders,
      ],
      exports: [MikroORM, ...(migrations === undefined ? [] : [SchemaReadiness])],
    };
  }
}
