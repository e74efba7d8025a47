import canonicalize from 'canonicalize';
import { CompactSign, importJWK, type JWK } from 'jose';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { EventType, SYSTEM_ORG_ID } from '@latchkey/contracts';
import { generateEd25519Jwk, ormOptions } from '@latchkey/runtime';
import {
  createTestDatabase,
  migrateAll,
  rawCloudEvent,
  runLatchkey,
  sql,
  type TestDatabase,
} from '@latchkey/testing';
import { AUDIT_ENTITIES } from './database';
import { EventStore } from './ingest';
import { RetentionRepository, RetentionService } from './retention';
import { AuditDatabase, eventRowOf, type RawEventRow } from './trail';
import {
  ChainRepository,
  ChainSigner,
  ChainVerifier,
  chainedFieldsOf,
  chainHash,
  CheckpointRepository,
  CheckpointService,
} from './chain';

jest.setTimeout(60_000);

const ORG = 'org_01CHAINTEST0000000000000000';
const OTHER = 'org_01CHAINOTHER000000000000000';

function event(orgId: string, i: number) {
  return rawCloudEvent({
    type: EventType.KeyCreated,
    orgId,
    source: 'latchkey/test',
    subject: `key_${i}`,
    data: { key_id: `key_${i}`, name: `k${i}`, actor: { type: 'system', id: 'test' } },
  });
}

describe('audit hash chain (real PostgreSQL)', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  let store: EventStore;
  let verifier: ChainVerifier;
  let signer: ChainSigner;
  let signingJwk: JWK;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateAll(db.url);
    orm = await MikroORM.init<PostgreSqlDriver>(
      ormOptions({ DATABASE_URL: db.url, DATABASE_SCHEMA: 'audit', DATABASE_POOL_MAX: 5 }, AUDIT_ENTITIES),
    );
    store = new EventStore({ DATABASE_URL: db.url, DATABASE_SCHEMA: 'audit', AUDIT_STORE_LANES: 2 });
    signingJwk = generateEd25519Jwk('audit-test').privateJwk;
    signer = new ChainSigner(signingJwk);
    verifier = new ChainVerifier(new ChainRepository(new AuditDatabase(orm)), await signer.verifier());
  });

  afterAll(async () => {
    await store?.onApplicationShutdown();
    await orm?.close();
    await db?.drop();
  });

  it('stores a redelivered event once and chains each organisation separately', async () => {
    const events = Array.from({ length: 50 }, (_, i) => event(i % 2 ? ORG : OTHER, i));
    expect(await store.store(events)).toBe(50);
    // Redelivery of the whole batch, plus concurrent overlapping batches, adds nothing.
    const counts = await Promise.all([
      store.store(events),
      store.store(events.slice(10, 30)),
      store.store(events.slice(25)),
    ]);
    expect(counts).toEqual([0, 0, 0]);
    expect((await sql(db.url, 'select count(*)::int as n from audit.events'))[0]).toEqual({ n: 50 });
    for (const org of [ORG, OTHER]) {
      const report = await verifier.verify(org);
      expect(report).toMatchObject({ ok: true, checked: 25, first_broken: null });
    }
  });

  it('concurrent batches for one organisation still form one unbroken chain', async () => {
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 25 }, (_, i) => event(ORG, 1000 + b * 25 + i)),
    );
    const stored = await Promise.all(batches.map((batch) => store.store(batch)));
    expect(stored.reduce((a, b) => a + b, 0)).toBe(200);
    expect(await verifier.verify(ORG)).toMatchObject({ ok: true, checked: 225 });
  });

  it('changing one stored row directly in PostgreSQL is found: verify points at that row', async () => {
    const [victim] = await sql<{ id: string; chain_seq: string }>(
      db.url,
      'select id, chain_seq from audit.events where org_id = $1 order by chain_seq offset 40 limit 1',
      [ORG],
    );
    await sql(
      db.url,
      `update audit.events set data = jsonb_set(data, '{name}', '"tampered"') where id = $1`,
      [victim!.id],
    );
    const report = await verifier.verify(ORG);
    expect(report.ok).toBe(false);
    expect(report.first_broken).toMatchObject({
      id: victim!.id,
      chain_seq: Number(victim!.chain_seq),
      reason: 'hash_mismatch',
    });
    expect(report.checked).toBe(Number(victim!.chain_seq) - 1);
    // The other organisation's chain is untouched.
    expect((await verifier.verify(OTHER)).ok).toBe(true);
  });

  it('deleting a row is found as a gap; checkpoints are signed and verifiable', async () => {
    const [row] = await sql<{ id: string; chain_seq: string }>(
      db.url,
      'select id, chain_seq from audit.events where org_id = $1 order by chain_seq limit 1 offset 5',
      [OTHER],
    );
    const checkpoints = new CheckpointService(
      new CheckpointRepository(new AuditDatabase(orm)),
      { AUDIT_CHECKPOINT_INTERVAL_MS: 60_000 },
      signer,
    );
    expect(await checkpoints.checkpoint()).toBe(2);
    const [latest] = await checkpoints.list(OTHER, 1);
    expect(await checkpoints.verifySignature(OTHER, latest!)).toBe(true);
    expect(await checkpoints.verifySignature(OTHER, { ...latest!, hash: '0'.repeat(64) })).toBe(false);
    await sql(db.url, 'delete from audit.events where id = $1', [row!.id]);
    expect((await verifier.verify(OTHER)).first_broken).toMatchObject({
      chain_seq: Number(row!.chain_seq) + 1,
      reason: 'gap',
    });
  });

  it('retention deletes a chain prefix in bounded batches and verification continues from the cut', async () => {
    const FRESH = 'org_01CHAINFRESH000000000000000';
    const old = Array.from({ length: 30 }, (_, i) => event(FRESH, 5000 + i));
    await store.store(old);
    const cutoff = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.store(Array.from({ length: 5 }, (_, i) => event(FRESH, 6000 + i)));
    const retention = new RetentionService(
      new RetentionRepository(new AuditDatabase(orm)),
      { AUDIT_RETENTION_DAYS: 1, AUDIT_SYSTEM_RETENTION_DAYS: 1, AUDIT_RETENTION_INTERVAL_MS: 60_000 },
      signer,
    );
    const deleted = await retention.purge(cutoff);
    expect(deleted).toBeGreaterThanOrEqual(30);
    const report = await verifier.verify(FRESH);
    expect(report).toMatchObject({ ok: true, from_chain_seq: 30, checked: 5 });
    // New events continue the chain from the cut.
    await store.store([event(FRESH, 7000)]);
    expect(await verifier.verify(FRESH)).toMatchObject({ ok: true, checked: 6, head: { chain_seq: 36 } });
  });

  it('the system tenant’s trail is kept for its own period, each trail cut and verifiable on its own', async () => {
    const TENANT = 'org_01CHAINTENANT00000000000000';
    const count = async (org: string) =>
      (
        await orm.em
          .fork()
          .execute<{ n: string }[]>(`select count(*) as n from audit.events where org_id = ?`, [org])
      )[0]!.n;
    await store.store([
      ...Array.from({ length: 10 }, (_, i) => event(SYSTEM_ORG_ID, 8000 + i)),
      ...Array.from({ length: 10 }, (_, i) => event(TENANT, 8100 + i)),
    ]);
    const cutoff = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.store([event(SYSTEM_ORG_ID, 8200), event(TENANT, 8300)]);
    const retention = new RetentionService(
      new RetentionRepository(new AuditDatabase(orm)),
      { AUDIT_RETENTION_DAYS: 365, AUDIT_SYSTEM_RETENTION_DAYS: 30, AUDIT_RETENTION_INTERVAL_MS: 60_000 },
      signer,
    );
    // The system period has passed for the first ten, the tenants' period has not.
    const systemBefore = await count(SYSTEM_ORG_ID);
    await retention.purge(new Date(0), cutoff);
    expect(await count(TENANT)).toBe('11');
    expect(Number(await count(SYSTEM_ORG_ID))).toBe(Number(systemBefore) - 10);
    expect(await verifier.verify(SYSTEM_ORG_ID)).toMatchObject({ ok: true, checked: 1 });
    // And the other way round: the tenants' period passed, the system's is kept (undefined).
    await retention.purge(cutoff, undefined);
    expect(await count(TENANT)).toBe('1');
    expect(await count(SYSTEM_ORG_ID)).toBe('1');
    expect(await verifier.verify(TENANT)).toMatchObject({ ok: true, checked: 1 });
  });

  it('stores any payload text exactly (COPY escapes) and its chain verifies', async () => {
    const ODD = 'org_01CHAINODDTEXT0000000000000';
    const awkward = 'tab\there\nnew line\r\\N back\\slash "quoted" \u00e9\u{1F511} \\.';
    const odd = rawCloudEvent({
      type: EventType.KeyCreated,
      orgId: ODD,
      source: 'latchkey/test',
      subject: awkward,
      data: { key_id: 'key_odd', name: awkward, nested: { '\t': [awkward, null, 1.5e-7] } },
    });
    expect(await store.store([odd])).toBe(1);
    const [row] = await sql<{ subject: string; data: unknown }>(
      db.url,
      'select subject, data from audit.events where id = $1',
      [odd.id],
    );
    expect(row).toEqual({ subject: awkward, data: odd.data });
    expect(await verifier.verify(ODD)).toMatchObject({ ok: true, checked: 1 });
  });

  describe('held to what was signed', () => {
    const unsignedVerifier = () => new ChainVerifier(new ChainRepository(new AuditDatabase(orm)));
    const signedOrg = async (org: string, n: number) => {
      await store.store(Array.from({ length: n }, (_, i) => event(org, 9000 + i)));
      await new CheckpointService(
        new CheckpointRepository(new AuditDatabase(orm)),
        { AUDIT_CHECKPOINT_INTERVAL_MS: 60_000 },
        signer,
      ).checkpoint();
    };

    it('history rewritten with recomputed hashes is found at the first signed checkpoint after it', async () => {
      const ORG_R = 'org_01CHAINREWRITE00000000000000';
      await signedOrg(ORG_R, 20);
      await store.store(Array.from({ length: 5 }, (_, i) => event(ORG_R, 9500 + i)));
      // Change event 10 and recompute every hash from there: each link is consistent again.
      const rows = await sql<RawEventRow>(
        db.url,
        'select * from audit.events where org_id = $1 and chain_seq >= 10 order by chain_seq',
        [ORG_R],
      );
      let prev = rows[0]!.prev_hash;
      for (const [i, row] of rows.entries()) {
        const data = i === 0 ? { ...(row.data as object), name: 'rewritten' } : row.data;
        const hash = chainHash(prev, chainedFieldsOf(eventRowOf({ ...row, data })));
        await sql(db.url, 'update audit.events set data = $2, prev_hash = $3, hash = $4 where id = $1', [
          row.id,
          JSON.stringify(data),
          prev,
          hash,
        ]);
        prev = hash;
      }
      // Recomputing hashes alone cannot see it…
      expect(await unsignedVerifier().verify(ORG_R)).toMatchObject({ ok: true, checked: 25 });
      // …the signed checkpoint at link 20 can.
      const report = await verifier.verify(ORG_R);
      expect(report).toMatchObject({
        ok: false,
        first_broken: { chain_seq: 20, reason: 'checkpoint_mismatch' },
      });
    });

    it('events cut off the end of a chain are found against the newest signed checkpoint', async () => {
      const ORG_T = 'org_01CHAINTRUNCATE0000000000000';
      await signedOrg(ORG_T, 10);
      expect(await verifier.verify(ORG_T)).toMatchObject({ ok: true, checked: 10, checkpoints_checked: 1 });
      await sql(db.url, 'delete from audit.events where org_id = $1 and chain_seq > 7', [ORG_T]);
      expect(await unsignedVerifier().verify(ORG_T)).toMatchObject({ ok: true, checked: 7 });
      expect(await verifier.verify(ORG_T)).toMatchObject({
        ok: false,
        first_broken: { chain_seq: 8, reason: 'truncated' },
      });
    });

    it("a checkpoint's signature moved onto a retention cut (to hide a rewritten prefix) is refused", async () => {
      const ORG_X = 'org_01CHAINCROSSKIND00000000000';
      await signedOrg(ORG_X, 5);
      const [checkpoint] = await sql<{ hash: string; signature: string }>(
        db.url,
        'select hash, signature from audit.checkpoints where org_id = $1 and chain_seq = 5',
        [ORG_X],
      );
      await store.store(Array.from({ length: 3 }, (_, i) => event(ORG_X, 9700 + i)));
      // Rewrite the prefix at will, then hide it behind a "cut" carrying the checkpoint's signature.
      await sql(db.url, 'delete from audit.events where org_id = $1 and chain_seq <= 5', [ORG_X]);
      await sql(
        db.url,
        'insert into audit.chain_cuts (org_id, chain_seq, hash, deleted, signature) values ($1, 5, $2, 5, $3)',
        [ORG_X, checkpoint!.hash, checkpoint!.signature],
      );
      expect(await verifier.verify(ORG_X)).toMatchObject({
        ok: false,
        first_broken: { chain_seq: 5, reason: 'cut_unsigned' },
      });
    });

    it('a retention cut added by hand (to hide a rewritten prefix) is refused; a forged checkpoint too', async () => {
      const ORG_F = 'org_01CHAINFORGEDCUT00000000000';
      await store.store(Array.from({ length: 10 }, (_, i) => event(ORG_F, 9800 + i)));
      const [fifth] = await sql<{ hash: string }>(
        db.url,
        'select hash from audit.events where org_id = $1 and chain_seq = 5',
        [ORG_F],
      );
      await sql(db.url, 'delete from audit.events where org_id = $1 and chain_seq <= 5', [ORG_F]);
      await sql(
        db.url,
        'insert into audit.chain_cuts (org_id, chain_seq, hash, deleted) values ($1, 5, $2, 5)',
        [ORG_F, fifth!.hash],
      );
      expect(await unsignedVerifier().verify(ORG_F)).toMatchObject({ ok: true, from_chain_seq: 5 });
      expect(await verifier.verify(ORG_F)).toMatchObject({
        ok: false,
        first_broken: { reason: 'cut_unsigned' },
      });

      const ORG_C = 'org_01CHAINFORGEDCHECKPOINT00000';
      await store.store(Array.from({ length: 3 }, (_, i) => event(ORG_C, 9900 + i)));
      const [head] = await sql<{ hash: string }>(
        db.url,
        'select hash from audit.events where org_id = $1 and chain_seq = 3',
        [ORG_C],
      );
      await sql(
        db.url,
        `insert into audit.checkpoints (org_id, chain_seq, hash, signed_at, kid, signature) values ($1, 3, $2, now(), 'x', 'not.a.signature')`,
        [ORG_C, head!.hash],
      );
      expect(await verifier.verify(ORG_C)).toMatchObject({
        ok: false,
        first_broken: { chain_seq: 3, reason: 'checkpoint_unsigned' },
      });
    });
  });
  describe('retention cuts continuous with the chain they cut', () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const retention = () =>
      new RetentionService(
        new RetentionRepository(new AuditDatabase(orm)),
        { AUDIT_RETENTION_DAYS: 1, AUDIT_SYSTEM_RETENTION_DAYS: 1, AUDIT_RETENTION_INTERVAL_MS: 60_000 },
        signer,
      );
    /** `old` events, then `kept` more; retention cuts the old ones (and whatever else is older). */
    const cutOrg = async (org: string, old: number, kept: number, base: number) => {
      await store.store(Array.from({ length: old }, (_, i) => event(org, base + i)));
      await sleep(20);
      const cutoff = new Date();
      await sleep(20);
      await store.store(Array.from({ length: kept }, (_, i) => event(org, base + 500 + i)));
      await retention().purge(cutoff);
    };
    /** `latchkey audit verify-chain` as an operator runs it (the built CLI), for one organisation. */
    const verifyCli = async (org: string) => {
      const run = await runLatchkey(['--json', 'audit', 'verify-chain', '--org', org], {
        DATABASE_URL: db.url,
        AUDIT_SIGNING_KEY: JSON.stringify(signingJwk),
      });
      return {
        code: run.code,
        report: JSON.parse(run.stdout) as Record<string, unknown>,
        stderr: run.stderr,
      };
    };
    /** A statement signed the way audit signed before ADR 0016: no `typ`. */
    const signLegacy = async (payload: Record<string, unknown>) =>
      new CompactSign(new TextEncoder().encode(canonicalize(payload) ?? ''))
        .setProtectedHeader({ alg: 'EdDSA', kid: signer.kid })
        .sign(await importJWK(signingJwk, 'EdDSA'));

    it('an event missing just after a retention cut is reported as cut_discontinuous, by latchkey audit verify-chain too', async () => {
      const ORG_G = 'org_01CUTGAP000000000000000000';
      await cutOrg(ORG_G, 10, 5, 20_000);
      expect(await verifier.verify(ORG_G)).toMatchObject({ ok: true, from_chain_seq: 10, checked: 5 });
      expect(await verifyCli(ORG_G)).toMatchObject({ code: 0 });
      await sql(db.url, 'delete from audit.events where org_id = $1 and chain_seq = 11', [ORG_G]);
      expect(await verifier.verify(ORG_G)).toMatchObject({
        ok: false,
        first_broken: { chain_seq: 12, reason: 'cut_discontinuous', expected: '11' },
      });
      // Exit code 8 (integrity failure), the report on stdout, the broken link named on stderr.
      const cli = await verifyCli(ORG_G);
      expect(cli.code).toBe(8);
      expect(cli.report).toMatchObject({
        ok: false,
        chains: 1,
        broken: 1,
        reports: [{ org_id: ORG_G, first_broken: { chain_seq: 12, reason: 'cut_discontinuous' } }],
      });
      expect(JSON.parse(cli.stderr)).toMatchObject({ code: 'integrity_failure', exit_code: 8 });
    });

    it('an event put back at or before a retention cut, where verification would never look, is reported', async () => {
      const ORG_B = 'org_01CUTBEFORE00000000000000';
      await cutOrg(ORG_B, 10, 3, 21_000);
      expect(await verifier.verify(ORG_B)).toMatchObject({ ok: true, from_chain_seq: 10 });
      // A fabricated "old" event, slotted into the cut-off prefix with a consistent-looking link.
      await sql(
        db.url,
        `insert into audit.events (id, org_id, chain_seq, prev_hash, hash, type, source, subject, key_id,
           actor_id, outcome, occurred_at, received_at, data)
         select 'evt_backdated', org_id, 7, prev_hash, hash, type, source, subject, key_id, actor_id,
           outcome, occurred_at - interval '30 days', received_at - interval '30 days', data
           from audit.events where org_id = $1 and chain_seq = 11`,
        [ORG_B],
      );
      expect(await verifier.verify(ORG_B)).toMatchObject({
        ok: false,
        first_broken: { id: 'evt_backdated', chain_seq: 7, reason: 'cut_discontinuous' },
      });
      expect(await verifyCli(ORG_B)).toMatchObject({ code: 8 });
    });

    it('the cuts must account for every event before the newest: a removed earlier cut is reported', async () => {
      const ORG_D = 'org_01CUTSDONTADDUP00000000000';
      await cutOrg(ORG_D, 10, 0, 22_000);
      await cutOrg(ORG_D, 10, 3, 23_000);
      expect(await verifier.verify(ORG_D)).toMatchObject({ ok: true, from_chain_seq: 20, checked: 3 });
      expect(
        await sql(db.url, 'select chain_seq, deleted from audit.chain_cuts where org_id = $1 order by 1', [
          ORG_D,
        ]),
      ).toEqual([
        { chain_seq: '10', deleted: '10' },
        { chain_seq: '20', deleted: '10' },
      ]);
      await sql(db.url, 'delete from audit.chain_cuts where org_id = $1 and chain_seq = 10', [ORG_D]);
      expect(await verifier.verify(ORG_D)).toMatchObject({
        ok: false,
        first_broken: {
          chain_seq: 20,
          reason: 'cut_discontinuous',
          expected: '20 events cut',
          stored: '10 events cut',
        },
      });
    });

    it('checkpoints and cuts signed before signatures named their purpose still verify, only as their own kind, and are counted as legacy', async () => {
      const ORG_L = 'org_01CUTLEGACY0000000000000';
      await cutOrg(ORG_L, 10, 5, 24_000);
      const [cut] = await sql<{ hash: string }>(
        db.url,
        'select hash from audit.chain_cuts where org_id = $1 and chain_seq = 10',
        [ORG_L],
      );
      const [head] = await sql<{ hash: string }>(
        db.url,
        'select hash from audit.events where org_id = $1 and chain_seq = 15',
        [ORG_L],
      );
      const legacyCut = await signLegacy({
        org_id: ORG_L,
        chain_seq: 10,
        hash: cut!.hash,
        cut_at: new Date().toISOString(),
        deleted: 10,
      });
      const legacyCheckpoint = await signLegacy({
        org_id: ORG_L,
        chain_seq: 15,
        hash: head!.hash,
        signed_at: new Date().toISOString(),
      });
      await sql(db.url, 'update audit.chain_cuts set signature = $2 where org_id = $1', [ORG_L, legacyCut]);
      await sql(
        db.url,
        `insert into audit.checkpoints (org_id, chain_seq, hash, signed_at, kid, signature) values ($1, 15, $2, now(), $3, $4)`,
        [ORG_L, head!.hash, signer.kid, legacyCheckpoint],
      );
      expect(await verifier.verify(ORG_L)).toMatchObject({
        ok: true,
        checkpoints_checked: 1,
        legacy_signatures: 2,
      });
      // A legacy checkpoint's signature (at the cut's position) on the cut: refused.
      const checkpointAsCut = await signLegacy({
        org_id: ORG_L,
        chain_seq: 10,
        hash: cut!.hash,
        signed_at: new Date().toISOString(),
      });
      await sql(db.url, 'update audit.chain_cuts set signature = $2 where org_id = $1', [
        ORG_L,
        checkpointAsCut,
      ]);
      expect(await verifier.verify(ORG_L)).toMatchObject({
        ok: false,
        first_broken: { reason: 'cut_unsigned' },
      });
      // A legacy cut's signature (at the checkpoint's position) on the checkpoint: refused.
      const cutAsCheckpoint = await signLegacy({
        org_id: ORG_L,
        chain_seq: 15,
        hash: head!.hash,
        cut_at: new Date().toISOString(),
        deleted: 15,
      });
      await sql(db.url, 'update audit.chain_cuts set signature = $2 where org_id = $1', [ORG_L, legacyCut]);
      await sql(db.url, 'update audit.checkpoints set signature = $2 where org_id = $1 and chain_seq = 15', [
        ORG_L,
        cutAsCheckpoint,
      ]);
      expect(await verifier.verify(ORG_L)).toMatchObject({
        ok: false,
        first_broken: { chain_seq: 15, reason: 'checkpoint_unsigned' },
      });
    });
  });
});
