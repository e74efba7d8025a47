import fc from 'fast-check';
import type { ApiKey } from './api-key.entity';
import { changesOf, KEY_FIELDS, keyFieldsOf, type KeyFields } from './key-changes';

const base: KeyFields = {
  name: 'ci',
  description: null,
  scopes: ['projects:read'],
  allowed_paths: [],
  allowed_ips: ['10.0.0.0/8'],
  rate_limit: { limit: 120, window_seconds: 60 },
  expires_at: '2027-01-01T00:00:00.000Z',
};

const strings = fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 });
/** Small value spaces, so that equal and different values both come up often. */
const keyFields: fc.Arbitrary<KeyFields> = fc.record({
  name: fc.constantFrom('a', 'b'),
  description: fc.constantFrom(null, '', 'd'),
  scopes: strings,
  allowed_paths: strings,
  allowed_ips: strings,
  rate_limit: fc.record({ limit: fc.constantFrom(1, 2), window_seconds: fc.constantFrom(1, 60) }),
  expires_at: fc.constantFrom(null, '2027-01-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z'),
});

describe('changesOf', () => {
  it('an edit of one field records that field only, old and new', () => {
    expect(changesOf(base, { ...base, name: 'deploy' })).toEqual({ name: { old: 'ci', new: 'deploy' } });
  });

  it('arrays and objects written again with equal contents are no change (deep equality)', () => {
    const same: KeyFields = {
      ...base,
      scopes: ['projects:read'],
      allowed_ips: ['10.0.0.0/8'],
      rate_limit: { limit: 120, window_seconds: 60 },
    };
    expect(changesOf(base, same)).toEqual({});
  });

  it('an array whose order changes is a change (scopes and lists are stored in order)', () => {
    const before = { ...base, scopes: ['a:read', 'b:read'] };
    expect(changesOf(before, { ...before, scopes: ['b:read', 'a:read'] })).toEqual({
      scopes: { old: ['a:read', 'b:read'], new: ['b:read', 'a:read'] },
    });
  });

  it('a description cleared to null and a rate limit changed are both recorded', () => {
    const before = { ...base, description: 'old' };
    const after = { ...before, description: null, rate_limit: { limit: 10, window_seconds: 60 } };
    expect(changesOf(before, after)).toEqual({
      description: { old: 'old', new: null },
      rate_limit: { old: base.rate_limit, new: { limit: 10, window_seconds: 60 } },
    });
  });

  it('property: a field appears in changes iff its value differs', () => {
    fc.assert(
      fc.property(keyFields, keyFields, (before, after) => {
        const changes = changesOf(before, after);
        for (const field of KEY_FIELDS) {
          const differs = JSON.stringify(before[field]) !== JSON.stringify(after[field]);
          expect({ field, present: field in changes }).toEqual({ field, present: differs });
        }
      }),
    );
  });

  it('property: applying the new values to before gives after; the old values are before', () => {
    fc.assert(
      fc.property(keyFields, keyFields, (before, after) => {
        const changes = changesOf(before, after);
        const applied: Record<string, unknown> = { ...before };
        for (const [field, change] of Object.entries(changes)) {
          expect(change.old).toEqual(before[field as keyof KeyFields]);
          applied[field] = change.new;
        }
        expect(applied).toEqual(after);
      }),
    );
  });

  it('property: nothing changed gives empty changes', () => {
    fc.assert(
      fc.property(keyFields, (fields) => expect(changesOf(fields, structuredClone(fields))).toEqual({})),
    );
  });

  it('property: no secret field ever appears, whatever else the inputs carry', () => {
    const secretish = fc.record({
      secret: fc.string(),
      secret_hash: fc.string(),
      secretHash: fc.string(),
      prefix: fc.string(),
    });
    fc.assert(
      fc.property(keyFields, keyFields, secretish, secretish, (before, after, s1, s2) => {
        const changes = changesOf({ ...before, ...s1 } as KeyFields, { ...after, ...s2 } as KeyFields);
        expect(Object.keys(changes).every((f) => (KEY_FIELDS as readonly string[]).includes(f))).toBe(true);
        const text = JSON.stringify(changes);
        for (const value of [s1.secret, s1.secret_hash, s2.secret, s2.secret_hash].filter(
          (v) => v.length > 8,
        ))
          expect(text).not.toContain(value);
      }),
    );
  });
});

describe('keyFieldsOf', () => {
  const key = {
    name: 'ci',
    description: undefined,
    scopes: ['projects:read'],
    allowedPaths: ['/v1/projects'],
    allowedIps: [],
    rateLimit: { limit: 5, window_seconds: 1 },
    expiresAt: new Date('2027-01-01T00:00:00Z'),
    prefix: 'lk_live_abcd',
    publicId: 'pub_1',
  } as unknown as ApiKey;

  it('reads the key under its API field names, and nothing else (no prefix, no public id)', () => {
    expect(keyFieldsOf(key)).toEqual({
      name: 'ci',
      description: null,
      scopes: ['projects:read'],
      allowed_paths: ['/v1/projects'],
      allowed_ips: [],
      rate_limit: { limit: 5, window_seconds: 1 },
      expires_at: '2027-01-01T00:00:00.000Z',
    });
  });

  it('copies arrays and objects: editing the key afterwards does not change the snapshot', () => {
    const snapshot = keyFieldsOf(key);
    (key.scopes as string[]).push('leads:read');
    (key.rateLimit as { limit: number }).limit = 99;
    expect(snapshot.scopes).toEqual(['projects:read']);
    expect(snapshot.rate_limit.limit).toBe(5);
  });
});
