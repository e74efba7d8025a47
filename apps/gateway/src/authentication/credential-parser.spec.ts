import { generatePublicId, generateSecret } from '@latchkey/auth-core';
import { parseCredential } from './credential-parser';

const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1c3JfMSJ9.c2lnbmF0dXJlLWJ5dGVz';

/** The same secret with its last checksum character changed. */
const withBadChecksum = (secret: string) => secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');

describe('parseCredential', () => {
  it('reads a secret sent directly as a Bearer token', () => {
    const secret = generateSecret('live');
    expect(parseCredential({ authorization: `Bearer ${secret}` }, '/v1/projects')).toEqual({
      kind: 'secret',
      secret,
    });
    const test = generateSecret('test');
    expect(parseCredential({ authorization: `Bearer ${test}` }, '/v1/projects')).toEqual({
      kind: 'secret',
      secret: test,
    });
  });

  it('accepts the Bearer scheme in any case, as HTTP schemes are case-insensitive', () => {
    const secret = generateSecret('live');
    expect(parseCredential({ authorization: `bearer ${secret}` }, '/v1/projects')).toEqual({
      kind: 'secret',
      secret,
    });
  });

  it('reads pair mode: the public id as Bearer plus the secret in x-secret-key', () => {
    const publicId = generatePublicId();
    const secret = generateSecret('live');
    expect(
      parseCredential({ authorization: `Bearer ${publicId}`, 'x-secret-key': secret }, '/v1/leads'),
    ).toEqual({
      kind: 'pair',
      publicId,
      secret,
    });
  });

  it('pair mode without x-secret-key is malformed', () => {
    expect(parseCredential({ authorization: `Bearer ${generatePublicId()}` }, '/v1/leads')).toEqual({
      kind: 'invalid',
      reason: 'malformed',
    });
  });

  it('pair mode with a secret that fails its checksum is refused as bad_checksum', () => {
    const headers = {
      authorization: `Bearer ${generatePublicId()}`,
      'x-secret-key': withBadChecksum(generateSecret('live')),
    };
    expect(parseCredential(headers, '/v1/leads')).toEqual({ kind: 'invalid', reason: 'bad_checksum' });
  });

  it('pair mode with something that is not a secret in x-secret-key is malformed', () => {
    const headers = { authorization: `Bearer ${generatePublicId()}`, 'x-secret-key': 'hunter2' };
    expect(parseCredential(headers, '/v1/leads')).toEqual({ kind: 'invalid', reason: 'malformed' });
  });

  it('reads a JWT-shaped bearer as an access token', () => {
    expect(parseCredential({ authorization: `Bearer ${JWT}` }, '/v1/projects')).toEqual({
      kind: 'token',
      token: JWT,
    });
  });

  it('no Authorization header (or an empty one) is no credential', () => {
    expect(parseCredential({}, '/v1/projects')).toEqual({ kind: 'none' });
    expect(parseCredential({ authorization: '' }, '/v1/projects')).toEqual({ kind: 'none' });
    expect(parseCredential({ 'x-secret-key': generateSecret('live') }, '/v1/projects')).toEqual({
      kind: 'none',
    });
  });

  it.each([
    '?api_key=',
    '?apikey=',
    '?key=',
    '?secret=',
    '?token=',
    '?access_token=',
    '?limit=5&api_key=',
    '?API_KEY=',
  ])('a credential in the query string (%s) is refused as in_query, even with a valid header', (query) => {
    const secret = generateSecret('live');
    expect(parseCredential({ authorization: `Bearer ${secret}` }, `/v1/projects${query}${secret}`)).toEqual({
      kind: 'invalid',
      reason: 'in_query',
    });
    expect(parseCredential({}, `/v1/projects${query}${secret}`)).toEqual({
      kind: 'invalid',
      reason: 'in_query',
    });
  });

  it('an ordinary query parameter whose name merely contains "key" is not a credential', () => {
    const secret = generateSecret('live');
    expect(
      parseCredential({ authorization: `Bearer ${secret}` }, '/v1/leads?monkey=1&sort_key=name'),
    ).toEqual({
      kind: 'secret',
      secret,
    });
  });

  it('a secret with a bad checksum is refused before any lookup', () => {
    const secret = withBadChecksum(generateSecret('live'));
    expect(parseCredential({ authorization: `Bearer ${secret}` }, '/v1/projects')).toEqual({
      kind: 'invalid',
      reason: 'bad_checksum',
    });
  });

  it('a value that looks like a secret but has the wrong length is malformed', () => {
    const secret = generateSecret('live');
    for (const value of [secret.slice(0, -1), `${secret}A`, 'lk_live_abc']) {
      expect(parseCredential({ authorization: `Bearer ${value}` }, '/v1/projects')).toEqual({
        kind: 'invalid',
        reason: 'malformed',
      });
    }
  });

  it.each([
    (s: string) => `Basic ${Buffer.from(`user:${s}`).toString('base64')}`,
    (s: string) => `Token ${s}`,
    (s: string) => s,
    () => 'Bearer',
    () => 'Bearer ',
    (s: string) => `Bearer ${s} extra`,
    (s: string) => `Bearer${s}`,
  ])('an Authorization header that is not "Bearer <one credential>" is malformed (%#)', (build) => {
    const header = build(generateSecret('live'));
    expect(parseCredential({ authorization: header }, '/v1/projects')).toEqual({
      kind: 'invalid',
      reason: 'malformed',
    });
  });

  it('a bearer value that is neither a key, a public id nor a JWT is malformed', () => {
    for (const value of ['opaque-token', 'a.b', 'a.b.c.d', 'lk_pub_short']) {
      expect(parseCredential({ authorization: `Bearer ${value}` }, '/v1/projects')).toEqual({
        kind: 'invalid',
        reason: 'malformed',
      });
    }
  });
});
