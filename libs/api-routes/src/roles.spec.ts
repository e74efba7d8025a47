import type { UserRole } from '@latchkey/contracts';
import { API_ROUTES, scopesForRole } from './table';

const AUDIT_SCOPES = [...new Set(API_ROUTES.filter((r) => r.upstream === 'audit').map((r) => r.scope))];
/** The trail's scope; `audit:decisions` (explanations of refusals, ADR 0023) is for managers only. */
const TRAIL_SCOPES = AUDIT_SCOPES.filter((s) => s !== 'audit:decisions');
const DATA_READS = [
  ...new Set(API_ROUTES.filter((r) => r.upstream === 'data-api' && r.method === 'GET').map((r) => r.scope)),
];
const DATA_WRITES = [
  ...new Set(API_ROUTES.filter((r) => r.upstream === 'data-api' && r.method !== 'GET').map((r) => r.scope)),
];

describe('scopesForRole', () => {
  it.each(['member', 'viewer'] as UserRole[])(
    'a %s reads every business resource and the audit trail (ADR 0019), and writes nothing',
    (role) => {
      const scopes = scopesForRole(role);
      expect(scopes).not.toContain('*');
      for (const scope of [...DATA_READS, ...TRAIL_SCOPES]) expect(scopes).toContain(scope);
      for (const scope of [...DATA_WRITES, 'audit:decisions']) expect(scopes).not.toContain(scope);
      expect(scopes.every((s) => s.endsWith(':read'))).toBe(true);
    },
  );

  it('gives no audit scope but a read: every audit route a user may call is a read', () => {
    expect(AUDIT_SCOPES.sort()).toEqual(['audit:decisions', 'audit:read']);
    expect(API_ROUTES.filter((r) => r.upstream === 'audit').every((r) => r.method === 'GET')).toBe(true);
  });

  it.each(['owner', 'admin'] as UserRole[])('an %s holds every scope of the organisation', (role) => {
    expect(scopesForRole(role)).toEqual(['*']);
  });
});
