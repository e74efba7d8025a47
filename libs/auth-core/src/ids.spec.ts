import { SYSTEM_ORG_ID } from '@latchkey/contracts';
import { newId } from './ids';

describe('resource ids', () => {
  it('no organisation id can be the system tenant’s', () => {
    const ids = Array.from({ length: 10_000 }, () => newId('org'));
    for (const id of ids) {
      expect(id).toMatch(/^org_[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(id).not.toBe(SYSTEM_ORG_ID);
    }
    // The system id is not of that shape, so no id of that shape is it.
    expect(SYSTEM_ORG_ID).not.toMatch(/^org_[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
