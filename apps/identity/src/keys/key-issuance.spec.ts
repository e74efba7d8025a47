import fc from 'fast-check';
import { checkSecret, hashSecret, isPublicId, pepperOf, PREFIX_LENGTH } from '@latchkey/auth-core';
import { newKeyRow, newSecretRow, storedFormOf, type NewKey } from './key-issuance';

const pepper = pepperOf('2026-12', 'p'.repeat(48));
const now = new Date('2026-12-04T12:00:00Z');
const input: NewKey = {
  orgId: 'org_1',
  name: 'k',
  description: null,
  environment: 'test',
  scopes: ['projects:read'],
  allowedPaths: [],
  allowedIps: [],
  rateLimit: { limit: 10, window_seconds: 60 },
  expiresAt: null,
  createdBy: 'usr_1',
};
/** Secrets of the issued shape (any body: the storage does not depend on the checksum). */
const secretText = fc.stringMatching(/^lk_(live|test)_[0-9A-Za-z]{46}$/);
const pepperArb = fc
  .tuple(fc.stringMatching(/^[a-z0-9-]{1,12}$/), fc.string({ minLength: 32, maxLength: 64 }))
  .map(([id, secret]) => pepperOf(id, secret));

describe('a secret at rest', () => {
  it('is stored as its HMAC under the pepper, naming that pepper, and never as itself', () => {
    fc.assert(
      fc.property(pepperArb, secretText, (p, secret) => {
        const stored = storedFormOf(p, secret);
        expect(stored.secretHash).toBe(hashSecret(p.secret, secret));
        expect(stored.pepperId).toBe(p.id);
        expect(stored.hashAlg).toBe('hmac-sha256');
        expect(Object.values(stored)).not.toContain(secret);
      }),
    );
  });

  it('is found again: the same secret under the same pepper always gives the same hash, another secret another', () => {
    fc.assert(
      fc.property(pepperArb, secretText, secretText, (p, a, b) => {
        expect(storedFormOf(p, a).secretHash).toBe(storedFormOf(p, a).secretHash);
        if (a !== b) expect(storedFormOf(p, a).secretHash).not.toBe(storedFormOf(p, b).secretHash);
      }),
    );
  });

  it('keeps only a short prefix of the secret to recognise it by', () => {
    fc.assert(
      fc.property(pepperArb, secretText, (p, secret) => {
        const { prefix } = storedFormOf(p, secret);
        expect(secret.startsWith(prefix)).toBe(true);
        expect(prefix.length).toBeLessThanOrEqual(PREFIX_LENGTH);
      }),
    );
  });
});

describe('newSecretRow', () => {
  it('makes a well-formed secret of the key’s environment, current until rotated, stored only as its hash', () => {
    const { secret, row } = newSecretRow(pepper, { id: 'key_1', environment: 'test' }, now);
    expect(checkSecret(secret)).toBe('ok');
    expect(secret.startsWith('lk_test_')).toBe(true);
    expect(row).toEqual({
      id: expect.stringMatching(/^sec_/),
      keyId: 'key_1',
      ...storedFormOf(pepper, secret),
      createdAt: now,
      validUntil: null,
    });
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('never makes the same secret twice', () => {
    const secrets = new Set(
      Array.from(
        { length: 200 },
        () => newSecretRow(pepper, { id: 'key_1', environment: 'live' }, now).secret,
      ),
    );
    expect(secrets.size).toBe(200);
  });
});

describe('newKeyRow', () => {
  it('is an active key of the request, with a public id of its own, never used, revoked or deleted', () => {
    const key = newKeyRow({ ...input, webhookConnectionId: 'whc_1' }, now);
    expect(key).toMatchObject({
      id: expect.stringMatching(/^key_/),
      orgId: 'org_1',
      status: 'active',
      environment: 'test',
      scopes: ['projects:read'],
      webhookConnectionId: 'whc_1',
      createdAt: now,
      updatedAt: now,
      lastUsedAt: null,
      revokedAt: null,
      deletedAt: null,
    });
    expect(isPublicId(key.publicId)).toBe(true);
    expect(newKeyRow(input, now).webhookConnectionId).toBeNull();
    expect(newKeyRow(input, now).publicId).not.toBe(key.publicId);
  });
});
