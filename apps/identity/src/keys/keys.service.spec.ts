import { assertGrantable } from './keys.service';

describe('a key never receives a scope its creator lacks', () => {
  it('a holder of * may grant anything', () => {
    expect(() => assertGrantable(['*'], ['*', 'projects:write', 'audit:read@org_x'])).not.toThrow();
  });

  it.each([
    [['projects:read'], 'projects:write'],
    [['projects:read'], 'projects:*'],
    [['projects:read'], '*'],
    [['projects:read@prj_1'], 'projects:read'],
    [['projects:read@prj_1'], 'projects:read@prj_2'],
    [['leads:*'], 'invoices:read'],
  ])('holding %j does not allow granting %s', (held, requested) => {
    expect(() => assertGrantable(held, [requested])).toThrow(/cannot grant/);
  });

  it.each([
    [['projects:*'], 'projects:read'],
    [['projects:read'], 'projects:read@prj_1'],
    [['projects:read@prj_1'], 'projects:read@prj_1'],
  ])('holding %j allows granting %s', (held, requested) => {
    expect(() => assertGrantable(held, [requested])).not.toThrow();
  });
});
