import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { EventType } from '@latchkey/contracts';
import { buildCloudEvent } from '@latchkey/messaging';
import { generateEd25519Jwk, ormOptions } from '@latchkey/runtime';
import { createTestDatabase, migrateAll, sql, type TestDatabase } from '@latchkey/testing';
import type { AuditConfig } from '../config/audit-config';
import { AUDIT_ENTITIES } from '../database/entities';
import { EventStore } from '../ingest/event-store';
import { RetentionService } from '../retention/retention.service';
import { ChainVerifier } from './chain-verifier';
import { CheckpointService } from './checkpoint.service';

jest.setTimeout(60_000);

const ORG = 'org_01CHAINTEST0000000000000000';
const OTHER = 'org_01CHAINOTHER000000000000000';

function event(orgId: string, i: number) {
  return buildCloudEvent({
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

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateAll(db.url);
    orm = await MikroORM.init<PostgreSqlDriver>(
      ormOptions({ DATABASE_URL: db.url, DATABASE_SCHEMA: 'audit', DATABASE_POOL_MAX: 5 }, AUDIT_ENTITIES),
    );
    store = new EventStore({ DATABASE_URL: db.url, DATABASE_SCHEMA: 'audit', AUDIT_STORE_LANES: 2 });
    verifier = new ChainVerifier(orm);
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
    const { privateJwk } = generateEd25519Jwk('audit-test');
    const checkpoints = new CheckpointService(orm, {
      AUDIT_SIGNING_KEY: privateJwk,
      AUDIT_CHECKPOINT_INTERVAL_MS: 60_000,
    } as unknown as AuditConfig);
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
    const retention = new RetentionService(orm, { AUDIT_RETENTION_DAYS: 1 } as unknown as AuditConfig);
    const deleted = await retention.purge(cutoff);
    expect(deleted).toBeGreaterThanOrEqual(30);
    const report = await verifier.verify(FRESH);
    expect(report).toMatchObject({ ok: true, from_chain_seq: 30, checked: 5 });
    // New events continue the chain from the cut.
    await store.store([event(FRESH, 7000)]);
    expect(await verifier.verify(FRESH)).toMatchObject({ ok: true, checked: 6, head: { chain_seq: 36 } });
  });

  it('stores any payload text exactly (COPY escapes) and its chain verifies', async () => {
    const ODD = 'org_01CHAINODDTEXT0000000000000';
    const awkward = 'tab\there\nnew line\r\\N back\\slash "quoted" \u00e9\u{1F511} \\.';
    const odd = buildCloudEvent({
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
});
