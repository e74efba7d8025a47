import { generateDeploymentSecrets } from '@latchkey/runtime';
import { isolatedStack, runLatchkey, sql, Stack, waitFor, type IsolatedStack } from '@latchkey/testing';

jest.setTimeout(240_000);

/**
 * The built `latchkey` binary as an operator runs it, against a fresh database: migrate, seed, then
 * the audit chain checked before and after a row is tampered with. Exit codes are the contract
 * scripts rely on (apps/cli/README.md "Exit codes").
 */
describe("latchkey, the operators' command line", () => {
  let isolated: IsolatedStack;
  let stack: Stack | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    isolated = await isolatedStack({ name: 'cli', secrets: generateDeploymentSecrets() });
    env = {
      DATABASE_URL: isolated.db.url,
      KEY_PEPPER: isolated.options.secrets['KEY_PEPPER']!,
      NATS_SUBJECT_PREFIX: isolated.options.subjectPrefix,
    };
  });

  afterAll(async () => {
    await stack?.stopAll();
    await isolated?.bus.remove();
    await isolated?.db.drop();
  });

  it("migrate applies every service's migrations to a fresh database, then finds them up to date", async () => {
    const first = await runLatchkey(['migrate'], env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    for (const service of ['identity', 'data-api', 'audit']) expect(first.stdout).toContain(service);
    expect(first.stdout).toContain('Migration20261125000000_initial');

    const again = await runLatchkey(['--json', 'migrate'], env);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(again.stdout)).toEqual({
      database_created: false,
      migrations: [
        { service: 'identity', schema: 'identity', applied: [] },
        { service: 'data-api', schema: 'data', applied: [] },
        { service: 'audit', schema: 'audit', applied: [] },
      ],
    });
  });

  it('seed creates the demo organisations with their data, and shows the new demo key once', async () => {
    const seeded = await runLatchkey(['--json', 'seed'], env);
    expect(seeded).toMatchObject({ code: 0, stderr: '' });
    const { organisations } = JSON.parse(seeded.stdout) as {
      organisations: { org_id: string; org_name: string; demo_key: string | null }[];
    };
    expect(organisations.map((o) => o.org_name)).toEqual(['Acme Analytics', 'Globex Logistics']);
    expect(organisations[0]!.demo_key).toMatch(/^lk_live_/);
    const projects = await sql<{ n: string }>(
      isolated.db.url,
      'select count(*) as n from data.projects where org_id = $1',
      [organisations[0]!.org_id],
    );
    expect(Number(projects[0]!.n)).toBeGreaterThan(0);
  });

  it('verify-chain exits 0 on an intact chain; after one row is tampered with it exits 8 and --json names the broken link', async () => {
    // A second seed revokes the first demo key and issues another: key.created, key.revoked, key.created.
    expect((await runLatchkey(['seed'], env)).code).toBe(0);
    stack = new Stack(isolated.options);
    await stack.start(['identity', 'audit']);
    const [acme] = await sql<{ id: string }>(
      isolated.db.url,
      `select id from identity.organisations where name = 'Acme Analytics'`,
    );
    const events = async () =>
      sql<{ id: string }>(
        isolated.db.url,
        'select id from audit.events where org_id = $1 order by chain_seq',
        [acme!.id],
      );
    await waitFor("the seed's key events in the audit trail", async () => (await events()).length >= 3, {
      timeoutMs: 60_000,
    });

    const intact = await runLatchkey(['audit', 'verify-chain'], env);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/\d+ chain\(s\) checked, 0 broken/);

    const victim = (await events())[1]!.id;
    await sql(
      isolated.db.url,
      `update audit.events set occurred_at = occurred_at - interval '1 day' where id = $1`,
      [victim],
    );

    const broken = await runLatchkey(['--json', 'audit', 'verify-chain'], env);
    expect(broken.code).toBe(8);
    const report = JSON.parse(broken.stdout) as {
      ok: boolean;
      broken: number;
      reports: Record<string, unknown>[];
    };
    expect(report).toMatchObject({ ok: false, broken: 1 });
    expect(report.reports.find((r) => r['org_id'] === acme!.id)).toMatchObject({
      ok: false,
      first_broken: { id: victim, reason: 'hash_mismatch' },
    });
    // stderr: one JSON problem, naming the link too.
    expect(JSON.parse(broken.stderr)).toMatchObject({
      code: 'integrity_failure',
      exit_code: 8,
      broken: [{ org_id: acme!.id, first_broken: { id: victim } }],
    });

    // For a person: the table on stdout, one line on stderr.
    const human = await runLatchkey(['audit', 'verify-chain', '--org', acme!.id], env);
    expect(human.code).toBe(8);
    expect(human.stdout).toContain('1 chain(s) checked, 1 broken');
    expect(human.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^warning: no AUDIT_PUBLIC_KEYS/),
      expect.stringMatching(
        new RegExp(`^latchkey: audit chain broken: ${acme!.id} at #\\d+ ${victim} \\(hash_mismatch\\)$`),
      ),
    ]);
  });

  it('an unreachable database is exit code 7 and a bad command line exit code 2, each said on one line', async () => {
    const unreachable = await runLatchkey(['migrate'], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/latchkey',
    });
    expect(unreachable.code).toBe(7);
    expect(unreachable.stdout).toBe('');
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);

    const usage = await runLatchkey(['--json', 'audit', 'redrive', '--limit', '0'], env);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toBe('');
    expect(JSON.parse(usage.stderr)).toMatchObject({ code: 'usage', exit_code: 2 });
  });
});
