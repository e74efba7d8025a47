import { scopeText } from './key-requests';

describe('scopeText', () => {
  it.each(['leads:read', 'leads:*', '*', 'leads:read@prj_1', 'projects:write@prj_2', 'webhooks:write@whc_1'])(
    'accepts %s',
    (scope) => expect(scopeText.safeParse(scope).success).toBe(true),
  );

  it.each([
    ['unknown resource', 'robots:read'],
    ['bad grammar', 'leads'],
    // audit is not narrowed by instance or project anywhere: a binding would promise what nothing enforces.
    ['binding on a resource without instances', 'audit:read@prj_1'],
    ['binding on the wildcard', '*@prj_1'],
  ])('refuses %s (%s)', (_why, scope) => expect(scopeText.safeParse(scope).success).toBe(false));
});
