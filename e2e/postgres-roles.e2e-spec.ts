import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  defaultRoleNames,
  generateDeploymentSecrets,
  renderPostgresRolesSql,
  SERVICE_SCHEMAS,
  type DatabaseService,
} from '@latchkey/runtime';
import {
  isolatedStack,
  migrateAll,
  seedAll,
  sql,
  Stack,
  waitFor,
  type IsolatedStack,
} from '@latchkey/testing';
import { GatewayClient } from './identity-client';

jest.setTimeout(300_000);

const PASSWORD = 'latchkey-demo';
const SERVICES = Object.keys(SERVICE_SCHEMAS) as DatabaseService[];
/** A table in each schema (the first migration's), to try reading and writing across schemas. */
const A_TABLE: Record<DatabaseService, string> = {
  identity: 'identity.organisations',
  'data-api': 'data.projects',
  audit: 'audit.events',
};

/** PostgreSQL's SQLSTATE for an action the role has no privilege for (or does not own the object). */
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * The roles of `npm run db:roles` on a real PostgreSQL: migrations run as the migrator, every
 * service runs its normal work as its own role, and a service's role can neither reach another
 * service's schema nor change any schema.
 */
describe('PostgreSQL least privilege: a migrator and one role per service', () => {
  // Roles are cluster-wide: a unique prefix keeps parallel runs (and leftovers) apart.
  const roles = defaultRoleNames(`lk${randomBytes(4).toString('hex')}`);
  const passwords = Object.fromEntries(
    [roles.migrator, ...Object.values(roles.services)].map((r) => [r, randomBytes(12).toString('hex')]),
  );
  let isolated: IsolatedStack;
  let stack: Stack;
  let api: GatewayClient;

  const urlOf = (role: string): string => {
    const url = new URL(isolated.db.url);
    url.username = role;
    url.password = passwords[role] as string;
    return url.toString();
  };

  /** The SQLSTATE a statement fails with as `role` (undefined: it succeeded). */
  async function attempt(role: string, statement: string): Promise<string | undefined> {
    const client = new Client({ connectionString: urlOf(role) });
    await client.connect();
    try {
      await client.query(statement);
      return undefined;
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    isolated = await isolatedStack({
      name: 'postgres-roles',
      secrets: generateDeploymentSecrets(),
      env: {
        gateway: { USAGE_FLUSH_MS: '250', USER_RATE_LIMIT: '1000000' },
        // Checkpoints and retention run within the test.
        audit: { AUDIT_CHECKPOINT_INTERVAL_MS: '300', AUDIT_RETENTION_INTERVAL_MS: '300' },
      },
    });
    await sql(isolated.db.url, renderPostgresRolesSql({ database: isolated.db.name, roles, passwords }));
    await migrateAll(urlOf(roles.migrator));
    isolated.options.databaseUrls = {
      identity: urlOf(roles.services.identity),
      'data-api': urlOf(roles.services['data-api']),
      audit: urlOf(roles.services.audit),
    };
    const orgs = await seedAll(isolated.options);
    stack = new Stack(isolated.options);
    await stack.start();
    api = new GatewayClient(stack.gatewayUrl);
    expect(orgs.length).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await stack?.stopAll();
    await isolated?.bus.remove();
    await isolated?.db.drop();
    // The database (and every grant in it) is gone: the roles own nothing any more.
    for (const role of [...Object.values(roles.services), roles.migrator])
      await sql('postgres://postgres@127.0.0.1:5432/test', `drop role if exists "${role}"`);
  });

  it('owns every table by the migrator, and each service connects as its own role', async () => {
    const owners = await sql<{ schemaname: string; tableowner: string }>(
      isolated.db.url,
      `select distinct schemaname, tableowner from pg_tables where schemaname in ('identity', 'data', 'audit')`,
    );
    expect(owners.map((o) => o.tableowner)).toEqual(owners.map(() => roles.migrator));
    expect(new Set(owners.map((o) => o.schemaname))).toEqual(new Set(['identity', 'data', 'audit']));
    const sessions = await sql<{ application_name: string; usename: string }>(
      isolated.db.url,
      `select distinct application_name, usename from pg_stat_activity
        where datname = current_database() and application_name in ('identity', 'data-api', 'audit')`,
    );
    expect(Object.fromEntries(sessions.map((s) => [s.application_name, s.usename]))).toEqual({
      identity: roles.services.identity,
      'data-api': roles.services['data-api'],
      audit: roles.services.audit,
    });
  });

  it("runs every service's work under its own role: keys, data, webhooks, the audit chain, retention", async () => {
    const owner = await api.login('owner@acme.example', PASSWORD);
    const created = await api.call('POST', '/admin/keys', {
      token: owner,
      body: { name: 'roles', scopes: ['projects:read', 'projects:write', 'audit:read'], expires_in_days: 7 },
    });
    expect(created.status).toBe(201);
    const secret = created.body['secret'] as string;
    const keyId = created.body['id'] as string;
    const project = await api.call('POST', '/v1/projects', {
      token: secret,
      body: { name: 'Least privilege' },
    });
    expect(project.status).toBe(201);
    const patched = await api.call('PATCH', `/v1/projects/${String(project.body['id'])}`, {
      token: secret,
      body: { name: 'Renamed' },
    });
    expect(patched.status).toBe(200);
    expect((await api.call('GET', '/v1/projects', { token: secret })).status).toBe(200);
    const webhook = await api.call('POST', '/admin/webhooks', { token: owner, body: { name: 'Hooks' } });
    expect(webhook.status).toBe(201);
    const ingested = await api.call('POST', `/v1/webhooks/${String(webhook.body['id'])}/events`, {
      token: webhook.body['secret'] as string,
      headers: { 'idempotency-key': 'roles-1' },
      body: { type: 'ping' },
    });
    expect(ingested.status).toBe(202);
    const rotated = await api.call('POST', `/admin/keys/${keyId}/rotate`, {
      token: owner,
      body: { grace_seconds: 60 },
    });
    expect(rotated.status).toBe(200);

    // audit stores the events (COPY, chain heads, usage rollups) and signs checkpoints.
    await waitFor(
      'data.changed and key.used in the audit trail',
      async () => {
        const rows = await sql<{ type: string }>(
          isolated.db.url,
          `select distinct type from audit.events where type in ('data.changed', 'key.used')`,
        );
        return rows.length === 2;
      },
      { timeoutMs: 60_000 },
    );
    await waitFor(
      'usage rollups and a checkpoint',
      async () =>
        (await sql(isolated.db.url, 'select 1 from audit.key_usage_rollups limit 1')).length === 1 &&
        (await sql(isolated.db.url, 'select 1 from audit.checkpoints limit 1')).length === 1,
      { timeoutMs: 60_000 },
    );
    const trail = await api.call('GET', `/audit/events?key_id=${keyId}`, { token: secret });
    expect(trail.status).toBe(200);

    // Retention: age the oldest events past AUDIT_RETENTION_DAYS (as the superuser); audit deletes
    // them and records a signed cut, as its own role.
    await sql(isolated.db.url, `update audit.events set received_at = received_at - interval '400 days'`);
    await waitFor(
      'retention to cut a chain',
      async () => (await sql(isolated.db.url, 'select 1 from audit.chain_cuts limit 1')).length === 1,
      { timeoutMs: 60_000 },
    );

    for (const service of ['identity', 'data-api', 'audit', 'gateway'] as const)
      expect({ service, denied: stack.logs(service).match(/permission denied[^"]*/g) }).toEqual({
        service,
        denied: null,
      });
  });

  it.each(SERVICES)("%s's role cannot read or write another service's schema", async (service) => {
    const role = roles.services[service];
    for (const other of SERVICES.filter((s) => s !== service)) {
      const table = A_TABLE[other];
      expect({ other, code: await attempt(role, `select 1 from ${table} limit 1`) }).toEqual({
        other,
        code: INSUFFICIENT_PRIVILEGE,
      });
      expect({ other, code: await attempt(role, `delete from ${table}`) }).toEqual({
        other,
        code: INSUFFICIENT_PRIVILEGE,
      });
    }
    // Its own schema it reads and writes.
    expect(await attempt(role, `select 1 from ${A_TABLE[service]} limit 1`)).toBeUndefined();
  });

  it.each(SERVICES)(
    "%s's role cannot create, alter, drop or truncate tables, nor write the migration history",
    async (service) => {
      const role = roles.services[service];
      const schema = SERVICE_SCHEMAS[service];
      const table = A_TABLE[service];
      const statements = [
        `create table ${schema}.intruder (id int)`,
        `create table public.intruder (id int)`,
        `create temporary table intruder (id int)`,
        `create schema intruder`,
        `alter table ${table} add column intruder int`,
        `create index intruder on ${table} (org_id)`,
        `drop table ${table}`,
        `truncate ${table}`,
        `delete from ${schema}.mikro_orm_migrations`,
        `insert into ${schema}.mikro_orm_migrations (name) values ('Migration99999999999999_fake')`,
      ];
      for (const statement of statements)
        expect({ statement, code: await attempt(role, statement) }).toEqual({
          statement,
          code: INSUFFICIENT_PRIVILEGE,
        });
      // The history stays readable (a readiness check may compare it with the image's migrations).
      expect(await attempt(role, `select name from ${schema}.mikro_orm_migrations`)).toBeUndefined();
    },
  );

  it('keeps the grants for tables a later migration adds, and the script is idempotent', async () => {
    await sql(isolated.db.url, renderPostgresRolesSql({ database: isolated.db.name, roles, passwords }));
    await sql(urlOf(roles.migrator), 'create table data.later (id int primary key)');
    const dataRole = roles.services['data-api'];
    expect(await attempt(dataRole, 'insert into data.later values (1)')).toBeUndefined();
    expect(await attempt(dataRole, 'update data.later set id = 2')).toBeUndefined();
    expect(await attempt(dataRole, 'delete from data.later')).toBeUndefined();
    expect(await attempt(roles.services.identity, 'select 1 from data.later')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await attempt(dataRole, 'drop table data.later')).toBe(INSUFFICIENT_PRIVILEGE);
    // A second migrate run (nothing to apply) leaves the history read-only as well.
    await migrateAll(urlOf(roles.migrator));
    expect(await attempt(dataRole, `delete from data.mikro_orm_migrations where name = 'none'`)).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
  });
});
