import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/nats-core';
import { migrateAll, runLatchkey, serviceEnv, sql, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

const PASSWORD = 'latchkey-demo';
/** Audit's latest migration but one: its SQL is idempotent, so applying it again is harmless. */
const IDEMPOTENT_MIGRATION = 'Migration20261126000000_ingest_indexes';

/**
 * docs/operations.md walked on a local stack: "Upgrade" (services wait for the migrations),
 * "Roll back" (an image behind the schema stays ready), a schema missing what audit's store needs
 * (held, not dead-lettered) and "Re-drive dead letters".
 */
describe('migrations, upgrade, rollback and dead-letter re-drive (docs/operations.md)', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let owner: string;
  let reader: string;
  let operator: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    // Two deliveries before an event that fails to store is dead-lettered.
    env = await startStack('migrations', { audit: { AUDIT_MAX_DELIVER: '2' } });
    api = new GatewayClient(env.gateway);
    owner = await api.login('owner@acme.example', PASSWORD);
    const key = await api.call('POST', '/admin/keys', {
      token: owner,
      body: {
        name: 'auditor',
        scopes: ['audit:read'],
        expires_in_days: 7,
        rate_limit: { limit: 100_000, window_seconds: 60 },
      },
    });
    reader = key.body['secret'] as string;
    operator = await env.bus.server.connect('operator');
    jsm = await jetstreamManager(operator);
  });

  afterAll(async () => {
    await operator?.close();
    await env?.teardown();
  });

  const readyz = async () => {
    const response = await fetch(`${env.stack.opsUrl('audit')}/readyz`);
    return { status: response.status, text: await response.text() };
  };

  /** A new audit process (a new pod of the release), answering its probes (ready or not). */
  async function restartAudit(): Promise<void> {
    await env.stack.stop('audit');
    env.stack.spawn('audit');
    await waitFor(
      'audit answers /readyz',
      async () => (await readyz().catch(() => undefined)) !== undefined,
      {
        timeoutMs: 90_000,
        intervalMs: 150,
      },
    );
  }

  const deadLetters = async () => (await jsm.streams.info(`${env.bus.stream}_DLQ`)).state.messages;

  it('upgrade: a pod whose image has a migration its schema lacks is not ready until migrate runs', async () => {
    // The new image carries a migration the schema does not have yet.
    await sql(env.db.url, 'delete from audit.mikro_orm_migrations where name = $1', [IDEMPOTENT_MIGRATION]);
    await restartAudit();
    await waitFor('audit says why it is not ready', async () => {
      const { status, text } = await readyz();
      return status === 503 && text.includes(`schema behind: 1 migration pending (${IDEMPOTENT_MIGRATION})`);
    });

    // The migration Job (latchkey migrate: the same runner).
    const output = await migrateAll(env.db.url);
    expect(output).toContainEqual({ service: 'audit', schema: 'audit', applied: [IDEMPOTENT_MIGRATION] });
    await env.stack.waitReady('audit');
  });

  it('rollback: an image behind the schema (one migration ahead of it) stays ready', async () => {
    await sql(
      env.db.url,
      `insert into audit.mikro_orm_migrations (name) values ('Migration20991231000000_next')`,
    );
    try {
      await restartAudit();
      await env.stack.waitReady('audit');
      expect((await readyz()).text).not.toContain('schema behind');
    } finally {
      await sql(
        env.db.url,
        `delete from audit.mikro_orm_migrations where name = 'Migration20991231000000_next'`,
      );
    }
  });

  it('a relation missing under the store: the events are held, audit is not ready, nothing is dead-lettered', async () => {
    const before = await deadLetters();
    // Code ahead of its schema: the table key.used events are rolled up into is not there.
    await sql(env.db.url, 'alter table audit.key_usage_rollups rename to key_usage_rollups_later');
    let keyId: string;
    try {
      const key = await api.call('POST', '/admin/keys', {
        token: owner,
        body: { name: 'held', scopes: ['projects:read'], expires_in_days: 7 },
      });
      keyId = key.body['id'] as string;
      await api.call('GET', '/v1/projects', { token: key.body['secret'] as string });
      await waitFor('audit not ready: the schema is behind', async () => {
        const { status, text } = await readyz();
        return status === 503 && text.includes('does not exist');
      });
    } finally {
      await sql(env.db.url, 'alter table audit.key_usage_rollups_later rename to key_usage_rollups');
    }
    // The schema has caught up: the held batch is stored, audit is ready again.
    await env.stack.waitReady('audit');
    await waitFor('the held key.used is stored', async () => {
      const rows = await sql(
        env.db.url,
        `select 1 from audit.events where key_id = $1 and type like '%key.used'`,
        [keyId],
      );
      return rows.length > 0;
    });
    expect(await deadLetters()).toBe(before);
  });

  it('re-drive dead letters as the runbook says: back in the trail by their id, and the chain verifies', async () => {
    // An event audit cannot store for a while (a constraint a bad release added), so it is
    // dead-lettered after its deliveries.
    await sql(
      env.db.url,
      `alter table audit.events add constraint redrive_test check (type <> 'key.created') not valid`,
    );
    const created = await api.call('POST', '/admin/keys', {
      token: owner,
      body: { name: 'dead-lettered', scopes: ['projects:read'], expires_in_days: 7 },
    });
    const keyId = created.body['id'] as string;
    const dlq = `${env.bus.stream}_DLQ`;
    await waitFor('the key.created event dead-lettered', async () => (await deadLetters()) > 0, {
      timeoutMs: 60_000,
    });
    const inTrail = async () =>
      (
        await sql(env.db.url, `select id from audit.events where type = 'key.created' and key_id = $1`, [
          keyId,
        ])
      ).length;
    expect(await inTrail()).toBe(0);
    // The cause is fixed.
    await sql(env.db.url, 'alter table audit.events drop constraint redrive_test');

    /** `latchkey --json audit redrive …` as audit (its settings); its document and exit code. */
    const redrive = async (...args: string[]) => {
      const run = await runLatchkey(
        ['--json', 'audit', 'redrive', ...args],
        serviceEnv(env.stack.options, 'audit'),
      );
      const document = JSON.parse(run.stdout) as { summary: Record<string, number>; dead_letters: unknown[] };
      return { code: run.code, stdout: run.stdout, ...document };
    };
    const counts = (moved: number, alreadyStored: number, wouldMove: number) => ({
      moved,
      already_stored: alreadyStored,
      would_move: wouldMove,
      failed: 0,
    });
    const pattern = `${env.bus.subjectPrefix}.*.key.created`;

    // 1. Look first: nothing changes.
    const dry = await redrive('--dry-run', '--subject', pattern);
    expect(dry.dead_letters).toMatchObject([{ outcome: 'would_move' }]);
    expect(dry).toMatchObject({ code: 0, dry_run: true, summary: counts(0, 0, 1) });
    expect(await deadLetters()).toBe(1);

    // The dead letter as audit wrote it, to put back once more below.
    const kept = (await jsm.streams.getMessage(dlq, { last_by_subj: `${env.bus.subjectPrefix}_dlq.>` }))!;

    // 2. Re-drive, filtered by reason (the constraint's SQLSTATE) and subject.
    const moved = await redrive('--reason', '23514', '--subject', pattern, '--limit', '10');
    expect(moved).toMatchObject({ code: 0, dry_run: false, summary: counts(1, 0, 0) });
    expect(moved.stdout).not.toContain('"data"');
    expect(await inTrail()).toBe(1);
    expect((await jsm.streams.info(dlq)).state.messages).toBe(0);

    // 3. In the audit trail, and every chain verifies.
    const trail = await api.call('GET', `/audit/events?key_id=${keyId}`, { token: reader });
    expect(JSON.stringify(trail.body['data'])).toContain('key.created');
    const verify = await api.call('GET', '/audit/verify', { token: reader });
    expect(verify.body).toMatchObject({ ok: true, first_broken: null });
    const cli = await runLatchkey(['--json', 'audit', 'verify-chain'], { DATABASE_URL: env.db.url });
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true, broken: 0 });

    // 4. Again: nothing left.
    expect(await redrive()).toMatchObject({ code: 0, summary: counts(0, 0, 0) });

    // 5. An event dead-lettered again after it was stored (a copy from a replica that gave up on it
    // too): removed, not stored twice, by its id.
    const audit = await env.bus.server.connect('audit');
    try {
      // Not its Nats-Msg-Id: within the duplicate window JetStream would drop the copy itself.
      const headers = natsHeaders();
      for (const name of [
        'Latchkey-Original-Subject',
        'Latchkey-Original-Sequence',
        'Latchkey-Dead-Letter-Reason',
      ])
        headers.set(name, kept.header.get(name));
      await jetstream(audit).publish(kept.subject, kept.data, { headers });
    } finally {
      await audit.close();
    }
    expect(await redrive()).toMatchObject({ code: 0, summary: counts(0, 1, 0) });
    expect(await inTrail()).toBe(1);
    expect(await deadLetters()).toBe(0);
  });
});
