import type { Constructor } from '@mikro-orm/core';
import { Migrator, type Migration } from '@mikro-orm/migrations';
import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { ormOptions, type DatabaseSettings } from './database.module';

/**
 * Applies a service's committed migrations to its own schema, in order, each in its own transaction
 * unless it says otherwise. Idempotent: applied migrations are recorded in that schema's
 * `mikro_orm_migrations` table and skipped next time.
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
      // No `schema` here: MikroORM refuses non-transactional migrations under a run schema. The
      // migrations table still lives in the service's schema (the ORM's `schema`), and every
      // migration names its schema in its SQL.
      // Each migration commits on its own, with its record in the migrations table. A migration
      // whose isTransactional() is false (CREATE INDEX CONCURRENTLY cannot run in a transaction)
      // then runs outside any transaction; under one all-or-nothing transaction it would run on
      // another connection while the migrations before it are uncommitted, and wait for them
      // forever or miss what they created. A failed run leaves the migrations before the failing
      // one applied and recorded: the next run goes on from there (docs/operations.md).
      transactional: true,
      allOrNothing: false,
      snapshot: false,
      silent: true,
    },
  });
  try {
    await orm.em.getConnection().execute(`create schema if not exists "${settings.DATABASE_SCHEMA}"`);
    const applied = await orm.migrator.up();
    await keepHistoryReadOnly(orm, settings.DATABASE_SCHEMA);
    return applied.map((m) => m.name);
  } finally {
    await orm.close();
  }
}

/**
 * The migration history is the runner's alone: the default privileges the roles script sets
 * (postgres-roles.ts) give a service's role writes on every table the migrator creates, this one
 * too, so they are taken back after each run. Reading it stays allowed. A no-op when only one role
 * is in use.
 */
async function keepHistoryReadOnly(orm: MikroORM, schema: string): Promise<void> {
  await orm.em.getConnection().execute(
    `do $$ declare g text; begin
       for g in select distinct grantee from information_schema.role_table_grants
                 where table_schema = '${schema}' and table_name = 'mikro_orm_migrations'
                   and grantee not in (current_user, 'PUBLIC')
                   and privilege_type in ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
       loop execute format('revoke insert, update, delete, truncate on %I.mikro_orm_migrations from %I', '${schema}', g);
       end loop;
     end $$`,
  );
}
