import { MANAGING_ROLES, USER_ROLES } from '@latchkey/contracts';
import { scopesForRole } from '@latchkey/api-routes/table';
import { describe, expect, it } from 'vitest';
import { ABILITIES, ABILITIES_BY_ROLE, can } from './abilities';

describe('role abilities', () => {
  it.each(['owner', 'admin'] as const)('an %s may do everything the console offers', (role) => {
    expect([...ABILITIES_BY_ROLE[role]].sort()).toEqual([...ABILITIES].sort());
  });

  it.each(['member', 'viewer'] as const)(
    'a %s may read every page (keys, users, webhooks, policy, audit, account) and change nothing',
    (role) => {
      expect([...ABILITIES_BY_ROLE[role]].sort()).toEqual(
        ['account:read', 'audit:read', 'keys:read', 'policy:read', 'users:read', 'webhooks:read'].sort(),
      );
      expect([...ABILITIES_BY_ROLE[role]].filter((a) => a.endsWith(':manage'))).toEqual([]);
    },
  );

  it('gives the managing abilities to contracts’ MANAGING_ROLES and audit to roles whose scopes read it', () => {
    for (const role of USER_ROLES) {
      expect(can(role, 'keys:manage')).toBe(MANAGING_ROLES.includes(role));
      expect(can(role, 'users:manage')).toBe(MANAGING_ROLES.includes(role));
      expect(can(role, 'policy:manage')).toBe(MANAGING_ROLES.includes(role));
      expect(can(role, 'webhooks:manage')).toBe(MANAGING_ROLES.includes(role));
      expect(can(role, 'users:read')).toBe(true);
      expect(can(role, 'audit:read')).toBe(
        scopesForRole(role).includes('audit:read') || scopesForRole(role).includes('*'),
      );
    }
  });

  it('lets nobody signed in do anything', () => {
    for (const ability of ABILITIES) expect(can(undefined, ability)).toBe(false);
  });
});
