/**
 * Least-privilege PostgreSQL roles (`npm run db:roles`, docs/operations.md "PostgreSQL roles"):
 * one role that runs the migrations and owns the three schemas and everything in them, and one
 * login role per service with data rights on its own schema only — no DDL, no TRUNCATE, nothing in
 * another service's schema or in `public`.
 *
 * The grants survive future migrations through `ALTER DEFAULT PRIVILEGES FOR ROLE <migrator>`: every
 * table or sequence the migrator creates later is granted to the schema's service as it is created,
 * so a release never needs this script run again, and the migration runner needs no role names.
 * (Per-table grants applied by the runner would be finer, but would put operator-chosen role names
 * into every migration run and fail open when one is forgotten.) The rights are the ones every
 * service's code uses on its tables: select, insert, update (ORM flushes; audit's usage rollups
 * upsert; `select … for update` needs it) and delete (identity's token-issuance flush, data-api's
 * ORM deletes, audit's retention). Each schema's `mikro_orm_migrations` stays read-only for its
 * service: the runner revokes writes on it after each run (applyMigrations).
 */

export const SERVICE_SCHEMAS = { identity: 'identity', 'data-api': 'data', audit: 'audit' } as const;
export type DatabaseService = keyof typeof SERVICE_SCHEMAS;

export interface PostgresRoleNames {
  migrator: string;
  services: Record<DatabaseService, string>;
}

export interface PostgresRolesOptions {
  /** The database the services use (the one in their DATABASE_URL). */
  database: string;
  roles: PostgresRoleNames;
  /** Passwords to set, by role name; a role without one keeps its own (or authenticates otherwise). */
  passwords?: Record<string, string>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** `<prefix>_migrate`, `<prefix>_identity`, `<prefix>_data_api`, `<prefix>_audit`. */
export function defaultRoleNames(prefix = 'latchkey'): PostgresRoleNames {
  return {
    migrator: `${prefix}_migrate`,
    services: { identity: `${prefix}_identity`, 'data-api': `${prefix}_data_api`, audit: `${prefix}_audit` },
  };
}

function ident(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a lower-case SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** A standard-conforming string literal (standard_conforming_strings is on since PostgreSQL 9.1). */
function literal(text: string): string {
  if (text.includes('\0')) throw new Error('a password cannot contain NUL');
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The SQL that creates (or brings up to date) the roles, schemas and grants. Idempotent; run it as
 * a superuser, or as your provider's admin role, connected to `database`.
 */
export function renderPostgresRolesSql({ database, roles, passwords = {} }: PostgresRolesOptions): string {
  const db = ident(database);
  const migrator = ident(roles.migrator);
  const all = [roles.migrator, ...Object.values(roles.services)];
  if (new Set(all).size !== all.length) throw new Error('every role needs a name of its own');
  const lines: string[] = [
    `-- Latchkey's PostgreSQL roles for database ${db} (npm run db:roles). Idempotent.`,
    'begin;',
    // DO: CREATE ROLE has no IF NOT EXISTS. Names are checked identifiers, so they are safe inline.
    'do $$ begin',
    ...all.map(
      (r) =>
        `  if not exists (select from pg_roles where rolname = '${r}') then create role ${ident(r)}; end if;`,
    ),
    'end $$;',
    ...all.map(
      (r) =>
        `alter role ${ident(r)} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls` +
        (passwords[r] !== undefined ? ` password ${literal(passwords[r])};` : ';'),
    ),
    // A dedicated database: only the listed roles connect, nobody creates in public or temp tables.
    `revoke all on database ${db} from public;`,
    `revoke create on schema public from public;`,
    `grant connect on database ${db} to ${all.map(ident).join(', ')};`,
    // The migration runner creates its schema if missing (`create schema if not exists` checks this).
    `grant create on database ${db} to ${migrator};`,
  ];
  for (const [service, schemaName] of Object.entries(SERVICE_SCHEMAS) as [DatabaseService, string][]) {
    const schema = ident(schemaName);
    const role = ident(roles.services[service]);
    lines.push(
      `-- ${service}: schema ${schema}`,
      `create schema if not exists ${schema} authorization ${migrator};`,
      `alter schema ${schema} owner to ${migrator};`,
      `revoke all on schema ${schema} from public;`,
      // An existing install: tables created by the previous (single) role become the migrator's, so
      // it can alter them in the next migration. Sequences and indexes follow their table.
      'do $$ declare t record; begin',
      `  for t in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace`,
      `           where n.nspname = '${schemaName}' and c.relkind in ('r', 'p') and c.relowner <> '${roles.migrator}'::regrole`,
      `  loop execute format('alter table %I.%I owner to %I', '${schemaName}', t.relname, '${roles.migrator}'); end loop;`,
      'end $$;',
      `grant usage on schema ${schema} to ${role};`,
      `alter default privileges for role ${migrator} in schema ${schema} grant select, insert, update, delete on tables to ${role};`,
      `alter default privileges for role ${migrator} in schema ${schema} grant usage, select on sequences to ${role};`,
      `grant select, insert, update, delete on all tables in schema ${schema} to ${role};`,
      `grant usage, select on all sequences in schema ${schema} to ${role};`,
      `do $$ begin if to_regclass('${schemaName}.mikro_orm_migrations') is not null then`,
      `  revoke insert, update, delete, truncate on ${schema}."mikro_orm_migrations" from ${role};`,
      'end if; end $$;',
    );
  }
  lines.push('commit;');
  return `${lines.join('\n')}\n`;
}
