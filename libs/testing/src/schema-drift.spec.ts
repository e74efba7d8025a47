import { driftExceptions as d, unexplainedDrift } from './schema-drift';

const CREATE = 'create index "keys_org_idx" on "s"."keys" ("org_id", "id" DESC)';
const misread = d.indexSortMisread('s', 'keys', 'keys_org_idx', '("org_id", "id" DESC)', 'misread');

describe('drift exception for an index whose sort MikroORM misreads', () => {
  it('explains exactly the drop and re-create of that index as the entity declares it', () => {
    expect(unexplainedDrift(['drop index "s"."keys_org_idx"', CREATE], [misread])).toEqual({
      statements: [],
      unusedExceptions: [],
    });
  });

  it('leaves a re-create with any other definition, table or index unexplained', () => {
    const others = [
      'create index "keys_org_idx" on "s"."keys" ("org_id", "id")',
      'create index "keys_org_idx" on "s"."keys" ("org_id", "id" DESC) where "id" is not null',
      'create index "keys_org_idx" on "s"."other" ("org_id", "id" DESC)',
      'drop index "s"."keys_other_idx"',
      'drop index "t"."keys_org_idx"',
    ];
    expect(unexplainedDrift(others, [misread]).statements).toEqual(others);
  });

  it('is reported as no longer needed once the ORM reads the index right', () => {
    expect(unexplainedDrift([], [misread]).unusedExceptions).toEqual(['misread']);
  });
});
