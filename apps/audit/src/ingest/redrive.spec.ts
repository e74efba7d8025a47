import { subjectMatches } from './redrive';

describe('re-drive subject filter', () => {
  it.each([
    ['latchkey.*.key.created', 'latchkey.org_1.key.created', true],
    ['latchkey.*.key.created', 'latchkey.org_1.key.revoked', false],
    ['latchkey.>', 'latchkey.org_1.key.created', true],
    ['latchkey.>', 'latchkey', false],
    ['latchkey.org_1.>', 'latchkey.org_2.key.created', false],
    ['latchkey.*', 'latchkey.org_1.key.created', false],
    ['latchkey.org_1.key.created', 'latchkey.org_1.key.created', true],
  ])('%s matches %s: %s', (pattern, subject, matches) => {
    expect(subjectMatches(pattern, subject)).toBe(matches);
  });
});
