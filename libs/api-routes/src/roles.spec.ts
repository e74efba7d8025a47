import type { UserRole } from '@latchkey/contracts';
import { API_ROUTES, scopesForRole } from './table';

const AUDIT_SCOPES = [...new Set(API_ROUTES.filter((r) => r.upstream === 'audit').map((r) => r.scope))];
const DATA_READS = [
  ...new Set(API_ROUTES.filter((r) => r.upstream === 'data-api' && r.method === 'GET').map((r) => r.scope)),
];
const DATA_WRITES = [
  ...new Set(API_ROUTES.filter((r) => r.upstream === 'data-api' && r.method !== 'GET').map((r) => r.scope)),
];

describe('scopesForRole', () => {
  it.each(['member', 'viewer'] as UserRole[])(
    'a %s reads every business resource, and neither writes nor reads the audit trail',
    (role) => {
      const scopes = scopesForRole(role);
      expect(scopes).not.toContain('*');
      for (const scope of DATA_READS) expect(scopes).toContain(scope);
      for (const scope of [...DATA_WRITES, ...AUDIT_SCOPES]) expect(scopes).not.toContain(scope);
      expect(scopes.filter((s) => s.startsWith('audit:') || s.endsWith(':*'))).toEqual([]);
    },
  );

  it.each(['owner', 'admin'] as UserRole[])('an %s holds every scope of the organisation', (role) => {
    expect(scopesForRole(role)).toEqual(['*']);
  });
});
