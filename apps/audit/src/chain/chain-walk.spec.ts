import canonicalize from 'canonicalize';
import fc from 'fast-check';
import type { AuditEventRow } from '../trail';
import {
  cutDiscontinuity,
  endWalk,
  firstBreak,
  startWalk,
  walkRows,
  type CheckedCheckpoint,
} from './chain-walk';
import { canonicalParts, GENESIS_HASH, GENESIS_HEAD, linkEvents, type ChainHead } from './hash-chain';

type NewEvent = Omit<AuditEventRow, 'seq' | 'received_at' | 'chain_seq' | 'prev_hash' | 'hash'>;

const ORGS = ['org_a', 'org_b', 'org_c'];
const text = fc.string({ maxLength: 12 });
const newEvent: fc.Arbitrary<NewEvent> = fc.record({
  id: fc.uuid(),
  org_id: fc.constantFrom(...ORGS),
  type: text,
  source: text,
  subject: fc.option(text, { nil: null }),
  key_id: fc.option(text, { nil: null }),
  actor_id: fc.option(text, { nil: null }),
  outcome: fc.option(text, { nil: null }),
  occurred_at: fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString()),
  data: fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
});
const events = fc.array(newEvent, { minLength: 1, maxLength: 30 });

/** Stores `batch` as the event store does: each organisation's chain extended from `heads`. */
function store(batch: readonly NewEvent[], heads: ReadonlyMap<string, ChainHead> = new Map()) {
  const prepared = batch.map((row) => ({ org_id: row.org_id, row, canonical: canonicalParts(row) }));
  const { links, heads: after } = linkEvents(heads, prepared);
  const rows: AuditEventRow[] = links.map((link, i) => ({
    ...link.event.row,
    seq: i + 1,
    received_at: new Date(0).toISOString(),
    chain_seq: link.chain_seq,
    prev_hash: link.prev_hash,
    hash: link.hash,
  }));
  return { rows, heads: after };
}

const chainOf = (rows: readonly AuditEventRow[], org: string) => rows.filter((r) => r.org_id === org);

/** A stored field changed to something else (every field the chain covers or links with). */
const CHANGES: Record<string, (row: AuditEventRow) => AuditEventRow> = {
  id: (r) => ({ ...r, id: `${r.id}x` }),
  org_id: (r) => ({ ...r, org_id: `${r.org_id}x` }),
  type: (r) => ({ ...r, type: `${r.type}x` }),
  source: (r) => ({ ...r, source: `${r.source}x` }),
  subject: (r) => ({ ...r, subject: r.subject === null ? '' : null }),
  key_id: (r) => ({ ...r, key_id: r.key_id === null ? '' : null }),
  actor_id: (r) => ({ ...r, actor_id: r.actor_id === null ? '' : null }),
  outcome: (r) => ({ ...r, outcome: r.outcome === null ? '' : null }),
  occurred_at: (r) => ({ ...r, occurred_at: new Date(Date.parse(r.occurred_at) + 1).toISOString() }),
  data: (r) => ({ ...r, data: { ...r.data, tampered: canonicalize(r.data) ?? null } }),
  chain_seq: (r) => ({ ...r, chain_seq: r.chain_seq + 1 }),
  prev_hash: (r) => ({ ...r, prev_hash: r.prev_hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }),
  hash: (r) => ({ ...r, hash: r.hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }),
};

describe('the event store chaining (pure)', () => {
  it('each organisation has its own chain: positions 1..n, each linked to the one before from genesis', () => {
    fc.assert(
      fc.property(events, (batch) => {
        const { rows } = store(batch);
        for (const org of ORGS) {
          const chain = chainOf(rows, org);
          chain.forEach((row, i) => {
            expect(row.chain_seq).toBe(i + 1);
            expect(row.prev_hash).toBe(i === 0 ? GENESIS_HASH : chain[i - 1]?.hash);
          });
        }
      }),
    );
  });

  it('a chain built from any events verifies, whatever other organisations are stored between them', () => {
    fc.assert(
      fc.property(events, (batch) => {
        const { rows } = store(batch);
        for (const org of ORGS) expect(firstBreak(chainOf(rows, org))).toBeNull();
      }),
    );
  });

  it('storing in several batches links the same chain as storing all at once', () => {
    fc.assert(
      fc.property(events, fc.nat(), (batch, at) => {
        const split = at % (batch.length + 1);
        const first = store(batch.slice(0, split));
        const second = store(batch.slice(split), first.heads);
        const whole = store(batch);
        expect([...first.rows, ...second.rows].map((r) => r.hash)).toEqual(whole.rows.map((r) => r.hash));
      }),
    );
  });

  it('any change to any stored field of any event (all but its arrival seq and time) is detected at that event', () => {
    fc.assert(
      fc.property(events, fc.nat(), fc.constantFrom(...Object.keys(CHANGES)), (batch, pick, field) => {
        const chain = chainOf(store(batch).rows, (batch[0] as NewEvent).org_id);
        const at = pick % chain.length;
        const changed = (CHANGES[field] as (row: AuditEventRow) => AuditEventRow)(chain[at] as AuditEventRow);
        const tampered = chain.map((row, i) => (i === at ? changed : row));
        const broken = firstBreak(tampered);
        expect(broken).not.toBeNull();
        expect(broken?.id).toBe(changed.id);
        expect(broken?.chain_seq).toBe(changed.chain_seq);
      }),
    );
  });

  it('a deleted event is detected at the event after it (a gap); one deleted at the end is not, without a checkpoint', () => {
    fc.assert(
      fc.property(events, fc.nat(), (batch, pick) => {
        const chain = chainOf(store(batch).rows, (batch[0] as NewEvent).org_id);
        const at = pick % chain.length;
        const broken = firstBreak(chain.filter((_, i) => i !== at));
        if (at === chain.length - 1) expect(broken).toBeNull();
        else expect(broken).toMatchObject({ id: chain[at + 1]?.id, reason: 'gap' });
      }),
    );
  });

  it('the walk decides the same page by page as all at once', () => {
    fc.assert(
      fc.property(events, fc.integer({ min: 1, max: 7 }), fc.nat(), (batch, page, pick) => {
        const chain = chainOf(store(batch).rows, (batch[0] as NewEvent).org_id);
        const at = pick % chain.length;
        const tampered = chain.map((row, i) => (i === at ? { ...row, type: `${row.type}!` } : row));
        let walk = startWalk();
        for (let i = 0; i < tampered.length; i += page) walk = walkRows(walk, tampered.slice(i, i + page));
        expect(walk).toEqual(walkRows(startWalk(), tampered));
      }),
    );
  });

  it('a chain continued after a retention cut verifies from the cut, and only from the cut', () => {
    fc.assert(
      fc.property(events, fc.nat(), (batch, pick) => {
        const chain = chainOf(store(batch).rows, (batch[0] as NewEvent).org_id);
        const cutAt = pick % chain.length;
        const cut = chain[cutAt] as AuditEventRow;
        const rest = chain.slice(cutAt + 1);
        expect(firstBreak(rest, { chain_seq: cut.chain_seq, hash: cut.hash })).toBeNull();
        const other = { chain_seq: cut.chain_seq, hash: 'f'.repeat(64) };
        if (rest.length > 0) expect(firstBreak(rest, other)?.reason).toBe('cut_discontinuous');
      }),
    );
  });
});

describe('the verifier held to signed checkpoints (pure)', () => {
  const valid = (hash: string): CheckedCheckpoint => ({
    hash,
    signature: 'sig',
    verification: { ok: true, legacy: false },
  });

  it('a validly signed checkpoint naming another hash than the stored event is reported at that event', () => {
    fc.assert(
      fc.property(events, fc.nat(), (batch, pick) => {
        const chain = chainOf(store(batch).rows, (batch[0] as NewEvent).org_id);
        const row = chain[pick % chain.length] as AuditEventRow;
        const walk = walkRows(startWalk(), chain, new Map([[row.chain_seq, valid('a'.repeat(64))]]));
        expect(walk.broken).toMatchObject({ id: row.id, reason: 'checkpoint_mismatch' });
      }),
    );
  });

  it('a checkpoint whose signature does not hold is reported; matching valid ones are counted', () => {
    fc.assert(
      fc.property(events, fc.nat(), (batch, pick) => {
        const chain = chainOf(store(batch).rows, (batch[0] as NewEvent).org_id);
        const row = chain[pick % chain.length] as AuditEventRow;
        const forged: CheckedCheckpoint = { hash: row.hash, signature: null, verification: { ok: false } };
        expect(walkRows(startWalk(), chain, new Map([[row.chain_seq, forged]])).broken?.reason).toBe(
          'checkpoint_unsigned',
        );
        const walk = walkRows(startWalk(), chain, new Map(chain.map((r) => [r.chain_seq, valid(r.hash)])));
        expect(walk.broken).toBeNull();
        expect(walk.checkpoints).toBe(chain.length);
      }),
    );
  });

  it('a chain that ends before its newest signed checkpoint is reported as truncated', () => {
    fc.assert(
      fc.property(events, fc.integer({ min: 1, max: 5 }), (batch, beyond) => {
        const chain = chainOf(store(batch).rows, (batch[0] as NewEvent).org_id);
        const walk = walkRows(startWalk(), chain);
        expect(endWalk(walk, chain.length).broken).toBeNull();
        expect(endWalk(walk, chain.length + beyond).broken).toMatchObject({
          reason: 'truncated',
          chain_seq: chain.length + 1,
        });
      }),
    );
  });
});

describe('a retention cut continuous with its chain', () => {
  const cut = {
    at: 10,
    hash: 'c'.repeat(64),
    left: undefined,
    deletedTotal: 10,
    signedCheckpointHash: undefined,
  };

  it('holds when nothing is left before it and the cuts account for every event before it', () => {
    expect(cutDiscontinuity(cut)).toBeUndefined();
    expect(cutDiscontinuity({ ...cut, signedCheckpointHash: cut.hash })).toBeUndefined();
  });

  it('an event left at or before the cut is reported at that event', () => {
    expect(cutDiscontinuity({ ...cut, left: { id: 'evt_9', chain_seq: 9 } })).toMatchObject({
      id: 'evt_9',
      chain_seq: 9,
      reason: 'cut_discontinuous',
    });
  });

  it('cuts that do not add up to its position are reported', () => {
    expect(cutDiscontinuity({ ...cut, deletedTotal: 9 })).toMatchObject({
      chain_seq: 10,
      reason: 'cut_discontinuous',
      stored: '9 events cut',
    });
  });

  it('a checkpoint signed at its position that names another hash is reported', () => {
    expect(cutDiscontinuity({ ...cut, signedCheckpointHash: 'd'.repeat(64) })).toMatchObject({
      reason: 'cut_discontinuous',
      expected: 'd'.repeat(64),
    });
  });

  it('an empty chain from genesis verifies', () => {
    expect(firstBreak([], GENESIS_HEAD)).toBeNull();
  });
});
