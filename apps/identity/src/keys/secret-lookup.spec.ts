import { generateSecret } from '@latchkey/auth-core';
import { checkPresentedSecret, ownKeyOf } from './secret-lookup';

describe('finding the key for a secret: the decisions', () => {
  it('accepts a secret of the issued format, live or test', () => {
    expect(checkPresentedSecret(generateSecret('live'))).toEqual({ ok: true });
    expect(checkPresentedSecret(generateSecret('test'))).toEqual({ ok: true });
  });

  it('refuses a secret with a wrong character as a checksum mismatch, without echoing it', () => {
    const secret = generateSecret('live');
    const typo = `${secret.slice(0, 20)}${secret[20] === 'A' ? 'B' : 'A'}${secret.slice(21)}`;
    const verdict = checkPresentedSecret(typo);
    expect(verdict).toEqual({ ok: false, message: expect.stringMatching(/checksum does not match/) });
    expect(JSON.stringify(verdict)).not.toContain(typo.slice(8));
  });

  it.each([
    '',
    'hello',
    'lk_pub_abcdefghijklmnopqrstuvwx',
    `lk_prod_${'a'.repeat(46)}`,
    `${generateSecret('live')}x`,
  ])('refuses %j as not a Latchkey secret, saying what one looks like', (candidate) => {
    expect(checkPresentedSecret(candidate)).toEqual({
      ok: false,
      message: expect.stringMatching(/starts with lk_live_ or lk_test_ and is 54 characters long/),
    });
  });

  it('answers a key only to its own organisation: another’s is as unknown as none', () => {
    const key = { id: 'key_1', orgId: 'org_a' };
    expect(ownKeyOf('org_a', key)).toBe(key);
    expect(ownKeyOf('org_b', key)).toBeNull();
    expect(ownKeyOf('org_a', null)).toBeNull();
  });
});
