import { keyRevocationFilter } from '@latchkey/api-routes';
import { grantsScope, keyCriteria } from './revocation-filter';

const NOW = new Date('2026-12-04T12:00:00Z');
const conditions = (filter: Record<string, unknown>) =>
  (keyCriteria('org_1', keyRevocationFilter.parse(filter), NOW) as { $and: unknown[] }).$and;

describe('revocation filter → query', () => {
  it('never names another organisation, a deleted key or a key already revoked', () => {
    const and = conditions({ environment: 'test' });
    expect(and).toContainEqual({ orgId: 'org_1', deletedAt: null });
    expect(and).toContainEqual({ status: { $ne: 'revoked' } });
    expect(and).toContainEqual({ environment: 'test' });
  });

  it('an empty filter is refused: it would name every key of the organisation', () => {
    expect(keyRevocationFilter.safeParse({}).success).toBe(false);
  });

  it('a bad address, scope or date is refused before any query', () => {
    expect(keyRevocationFilter.safeParse({ last_used_from: '10.0.0.0/33' }).success).toBe(false);
    expect(keyRevocationFilter.safeParse({ scope: 'nothing' }).success).toBe(false);
    expect(keyRevocationFilter.safeParse({ created_before: 'yesterday' }).success).toBe(false);
    expect(keyRevocationFilter.safeParse({ ids: ['usr_01J000000000000000000000000'] }).success).toBe(false);
  });

  it('unused since: never used, or last used before the instant', () => {
    expect(conditions({ unused_since: '2026-11-01T00:00:00Z' })).toContainEqual({
      $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: new Date('2026-11-01T00:00:00Z') } }],
    });
  });

  it('created before/after, created_by and ids narrow by their columns', () => {
    const and = conditions({
      created_before: '2026-12-01T00:00:00Z',
      created_after: '2026-11-01T00:00:00Z',
      created_by: 'usr_1',
      ids: ['key_01J0000000000000000000000A'],
    });
    expect(and).toContainEqual({ createdAt: { $lt: new Date('2026-12-01T00:00:00Z') } });
    expect(and).toContainEqual({ createdAt: { $gt: new Date('2026-11-01T00:00:00Z') } });
    expect(and).toContainEqual({ createdBy: 'usr_1' });
    expect(and).toContainEqual({ id: { $in: ['key_01J0000000000000000000000A'] } });
  });

  it('a prefix or search is matched literally: % and _ are not wildcards', () => {
    expect(conditions({ prefix: 'lk_live_%A' })).toContainEqual({ prefix: { $like: 'lk\\_live\\_\\%A%' } });
    expect(conditions({ q: '50%' })).toContainEqual({
      $or: [{ name: { $ilike: '%50\\%%' } }, { prefix: { $ilike: '%50\\%%' } }],
    });
  });

  it('status active excludes keys past their expiry', () => {
    expect(conditions({ status: 'active' })).toContainEqual({
      status: 'active',
      $or: [{ expiresAt: null }, { expiresAt: { $gt: NOW } }],
    });
  });
});

describe('scope criterion: every key that grants the scope', () => {
  it('a key holding the scope, or a wildcard over it, grants it', () => {
    expect(grantsScope(['leads:read'], 'leads:read')).toBe(true);
    expect(grantsScope(['leads:*'], 'leads:read')).toBe(true);
    expect(grantsScope(['*'], 'leads:read')).toBe(true);
    expect(grantsScope(['*'], '*')).toBe(true);
  });

  it('a key without it does not', () => {
    expect(grantsScope(['invoices:read'], 'leads:read')).toBe(false);
    expect(grantsScope(['leads:read'], 'leads:*')).toBe(false);
    expect(grantsScope(['leads:read'], '*')).toBe(false);
  });
});
