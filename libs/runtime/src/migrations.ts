import type { Constructor } from '@mikro-orm/core';
import { Migrator, type Migration } from '@mikro-orm/migrations';
import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { ormOptions, type DatabaseSettings } from './database.module';

/**
 * Applies a service's committed migrations to its own schema. Idempotent: applied migrations are
 * recorded in that schema's `mikro_orm_migrations` table and skipped next time.
 */
export async function applyMigrations(
  settings: DatabaseSettings,
  entities: Options['entities'],
  migrationsList: Constructor<Migration>[],
): Promise<string[]> {
  const orm = await MikroORM.init<PostgreSqlDriver>({
    ...ormOptions(settings, entities),
    extensions: [Migrator],
    migrations: {
      migrationsList,
      schema: settings.DATABASE_SCHEMA,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  });
  try {
    await orm.em.getConnection().execute(`create schema if not exists "${settings.DATABASE_SCHEMA}"`);
    const applied = await orm.migrator.up();
    return applied.map((m) => m.name);
  } finally {
    await orm.close();
  }
}
