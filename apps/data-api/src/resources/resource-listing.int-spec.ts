import fc from 'fast-check';
import { MikroORM, PostgreSqlDriver, type FilterQuery } from '@mikro-orm/postgresql';
import { newId } from '@latchkey/auth-core';
import { ormOptions } from '@latchkey/runtime';
import { createTestDatabase, migrateAll, type TestDatabase } from '@latchkey/testing';
import { RESOURCE_ENTITIES } from './index';
import { RESOURCES, type BaseRow, type ResourceDefinition } from './resource-definitions';
import { ResourceListing, type ListCriteria } from './resource-listing';

jest.setTimeout(120_000);

const ORGS = ['org_01LISTING000000000000000000', 'org_01LISTINGOTHER0000000000000'];
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/**
 * The list route reads with ResourceListing (one SQL statement) instead of MikroORM's `find`: on
 * any criteria, both must return the same rows, in the same order, seen the same way by the API.
 */
describe('resource listing (real PostgreSQL) answers exactly as MikroORM find', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  const projects: Record<string, string[]> = {};
  const ids: Record<string, string[]> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateAll(db.url);
    orm = await MikroORM.init<PostgreSqlDriver>(
      ormOptions({ DATABASE_URL: db.url, DATABASE_SCHEMA: 'data', DATABASE_POOL_MAX: 4 }, RESOURCE_ENTITIES),
    );
    const em = orm.em.fork();
    const at = (i: number) => new Date(T0 + i * DAY + (i % 7) * 3_600_123);
    const provenance = (i: number) => ({
      createdBy: 'seed',
      updatedBy: i % 3 ? 'seed' : 'key_1',
      createdAt: at(i),
      updatedAt: at(i + (i % 4)),
    });
    for (const orgId of ORGS) {
      projects[orgId] = [];
      for (let i = 0; i < 6; i++) {
        const id = newId('prj');
        projects[orgId].push(id);
        em.create(RESOURCES['projects']!.entity, {
          id,
          orgId,
          name: `Project ${i}`,
          description: i % 2 ? null : `About ${i} "quoted" 'and' ünïcode`,
          status: i % 3 ? 'active' : 'archived',
          ...provenance(i),
        } as never);
      }
      // Rows reference each other by plain columns (foreign keys MikroORM does not know of):
      // projects first, then what refers to them.
      await em.flush();
      const projectOf = (i: number) => (i % 5 === 0 ? null : projects[orgId]![i % 6]!);
      for (let i = 0; i < 30; i++) {
        const lead = newId('led');
        em.create(RESOURCES['leads']!.entity, {
          id: lead,
          orgId,
          projectId: projectOf(i),
          name: `Lead ${i}`,
          email: i % 4 ? `lead${i}@example.com` : null,
          company: null,
          status: ['new', 'contacted', 'qualified', 'won', 'lost'][i % 5],
          source: i % 2 ? 'web' : null,
          ...provenance(i),
        } as never);
        const invoice = newId('inv');
        await em.flush();
        em.create(RESOURCES['invoices']!.entity, {
          id: invoice,
          orgId,
          projectId: projectOf(i + 1),
          leadId: i % 3 ? lead : null,
          number: `INV-${i}`,
          // Past 2^31 and near 2^53: bigint columns come back as numbers, exactly.
          amountMinor: i === 0 ? Number.MAX_SAFE_INTEGER : i * 1_000_003_117,
          currency: 'EUR',
          status: ['draft', 'open', 'paid', 'void'][i % 4],
          dueDate: i % 2 ? `2026-0${1 + (i % 9)}-1${i % 10}` : null,
          ...provenance(i),
        } as never);
        await em.flush();
        em.create(RESOURCES['transactions']!.entity, {
          id: newId('txn'),
          orgId,
          projectId: projectOf(i + 2),
          invoiceId: i % 2 ? invoice : null,
          amountMinor: i * 17,
          currency: 'USD',
          status: ['pending', 'succeeded', 'failed', 'refunded'][i % 4],
          occurredAt: at(i + 1),
          ...provenance(i),
        } as never);
      }
    }
    await em.flush();
    for (const def of Object.values(RESOURCES)) {
      for (const orgId of ORGS) {
        const rows = await orm.em
          .fork()
          .find(def.entity, { orgId } as FilterQuery<BaseRow>, { orderBy: { id: 'asc' } });
        ids[`${def.name} ${orgId}`] = rows.map((r) => r.id);
      }
    }
  });

  afterAll(async () => {
    await orm?.close();
    await db?.drop();
  });

  /** The same criteria as a MikroORM filter query: every condition under `$and`. */
  function asFilterQuery(c: ListCriteria): FilterQuery<BaseRow> {
    const conditions: Record<string, unknown>[] = [{ orgId: c.orgId }];
    if (c.projectIds) conditions.push({ [c.projectColumn]: { $in: [...c.projectIds] } });
    for (const [property, value] of Object.entries(c.equals)) conditions.push({ [property]: value });
    for (const [property, r] of Object.entries(c.ranges)) {
      if (r.from) conditions.push({ [property]: { $gte: r.from } });
      if (r.before) conditions.push({ [property]: { $lt: r.before } });
    }
    if (c.afterId) conditions.push({ id: { $gt: c.afterId } });
    return { $and: conditions } as FilterQuery<BaseRow>;
  }

  /** Each condition in about one criteria of three: combined, they still find rows. */
  const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary, weight: 1 });

  /** Instants around the rows' times, often exactly one of them (where `>=` and `<` matter). */
  const time = fc
    .tuple(fc.integer({ min: -3, max: 40 }), fc.integer({ min: 0, max: 6 }), fc.boolean())
    .map(([d, h, exact]) => new Date(T0 + d * DAY + h * 3_600_123 + (exact ? 0 : 1_800_000)));

  function criteriaFor(def: ResourceDefinition): fc.Arbitrary<ListCriteria> {
    return fc
      .record({
        org: fc.constantFrom(...ORGS),
        projects: sometimes(fc.subarray([0, 1, 2, 3, 4, 5])),
        status: sometimes(fc.constantFrom(...def.wire.statuses)),
        project: sometimes(fc.integer({ min: 0, max: 5 })),
        created: fc.record({
          from: sometimes(time),
          before: sometimes(time),
        }),
        updatedFrom: sometimes(time),
        after: sometimes(fc.nat()),
        limit: fc.integer({ min: 1, max: 101 }),
      })
      .map((g) => {
        const orgProjects = projects[g.org]!;
        const equals: Record<string, string> = {};
        if (g.status) equals['status'] = g.status;
        if (g.project !== undefined && def.projectColumn !== 'id')
          equals['projectId'] = orgProjects[g.project]!;
        const all = ids[`${def.name} ${g.org}`]!;
        return {
          orgId: g.org,
          projectColumn: def.projectColumn,
          ...(g.projects ? { projectIds: g.projects.map((i) => orgProjects[i]!) } : {}),
          equals,
          ranges: {
            ...(g.created.from || g.created.before
              ? {
                  createdAt: {
                    ...(g.created.from ? { from: g.created.from } : {}),
                    ...(g.created.before ? { before: g.created.before } : {}),
                  },
                }
              : {}),
            ...(g.updatedFrom ? { updatedAt: { from: g.updatedFrom } } : {}),
          },
          ...(g.after !== undefined ? { afterId: all[g.after % all.length]! } : {}),
          limit: g.limit,
        };
      });
  }

  for (const def of Object.values(RESOURCES)) {
    it(`${def.name}: the same rows, order and API view for any criteria`, async () => {
      const listing = new ResourceListing(orm, def.entity);
      let nonEmpty = 0;
      await fc.assert(
        fc.asyncProperty(criteriaFor(def), async (criteria) => {
          const expected = await orm.em
            .fork()
            .find(def.entity, asFilterQuery(criteria), { orderBy: { id: 'asc' }, limit: criteria.limit });
          const actual = await listing.list(criteria);
          if (expected.length > 0) nonEmpty += 1;
          expect(actual.map((r) => def.view(r))).toEqual(expected.map((r) => def.view(r)));
        }),
        { numRuns: 120 },
      );
      // The generated criteria must also find rows, or the comparison above proves little.
      expect(nonEmpty).toBeGreaterThan(30);
    });
  }

  it('a bigint amount past 2^32 comes back as the same JavaScript number', async () => {
    const listing = new ResourceListing(orm, RESOURCES['invoices']!.entity);
    const rows = await listing.list({
      orgId: ORGS[0]!,
      projectColumn: 'projectId',
      equals: {},
      ranges: {},
      limit: 100,
    });
    const amounts = rows.map((r) => (r as unknown as { amountMinor: unknown }).amountMinor);
    expect(amounts).toContain(Number.MAX_SAFE_INTEGER);
    expect(amounts.every((a) => typeof a === 'number')).toBe(true);
  });
});
