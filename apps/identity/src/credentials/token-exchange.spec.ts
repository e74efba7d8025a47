import fc from 'fast-check';
import { generatePublicId, generateSecret } from '@latchkey/auth-core';
import type { ApiKey } from '../keys';
import {
  decideExchange,
  exchangeRefusal,
  isWellFormed,
  presentedKeyOf,
  tokenLifetime,
  type ExchangeFacts,
  type ExchangeRefusalReason,
} from './token-exchange';

const NOW = new Date('2026-12-04T12:00:00.250Z');
const SECRET = generateSecret('live');
const PUBLIC_ID = generatePublicId();
const MAX_TTL = 900;

const key = (over: Partial<ApiKey> = {}): ApiKey => ({
  id: 'key_1',
  orgId: 'org_1',
  publicId: PUBLIC_ID,
  prefix: SECRET.slice(0, 12),
  name: 'k',
  description: null,
  environment: 'live',
  scopes: ['projects:read', 'leads:read'],
  allowedPaths: [],
  allowedIps: [],
  rateLimit: { limit: 10, window_seconds: 60 },
  status: 'active',
  webhookConnectionId: null,
  createdBy: 'usr_1',
  createdAt: new Date(0),
  updatedAt: new Date(0),
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
  revokedReason: null,
  deletedAt: null,
  leakedAt: null,
  leakUrl: null,
  leakSource: null,
  leakType: null,
  leakAction: null,
  quarantinedAt: null,
  dormantAt: null,
  enabledAt: null,
  canary: false,
  ...over,
});
const facts = (over: Partial<ExchangeFacts> = {}): ExchangeFacts => ({
  presented: { secret: SECRET },
  secret: { id: 'sec_1', keyId: 'key_1', validUntil: null },
  key: key(),
  now: NOW,
  maxTtlSeconds: MAX_TTL,
  ...over,
});

/** A moment within a day either side of NOW, or none. */
const end = fc.option(
  fc.integer({ min: -86_400_000, max: 86_400_000 }).map((ms) => new Date(NOW.getTime() + ms)),
  { nil: null },
);
const REASONS: ExchangeRefusalReason[] = [
  'malformed',
  'unknown_secret',
  'secret_ended',
  'unknown_key',
  'canary',
  'key_not_active',
  'other_public_id',
  'ends_within_a_second',
];

describe('the token exchange decision', () => {
  it('gives an active key’s live secret a token of the key’s scopes naming that secret', () => {
    expect(decideExchange(facts())).toEqual({
      ok: true,
      grant: { sub: 'key_1', org_id: 'org_1', scopes: ['projects:read', 'leads:read'], sid: 'sec_1' },
      issuedAt: Math.floor(NOW.getTime() / 1000),
      ttlSeconds: MAX_TTL,
    });
    expect(decideExchange(facts({ presented: { secret: SECRET, publicId: PUBLIC_ID } })).ok).toBe(true);
  });

  it('an exchanged token never outlives the key’s expiry, the secret’s end or the configured lifetime', () => {
    fc.assert(
      fc.property(
        end,
        end,
        fc.integer({ min: 1, max: 86_400 }),
        fc.integer({ min: 0, max: 999 }),
        (expiresAt, validUntil, maxTtlSeconds, ms) => {
          const now = new Date(NOW.getTime() + ms);
          const decision = decideExchange(
            facts({
              key: key({ expiresAt }),
              secret: { id: 'sec_1', keyId: 'key_1', validUntil },
              now,
              maxTtlSeconds,
            }),
          );
          if (!decision.ok) return;
          const exp = (decision.issuedAt + decision.ttlSeconds) * 1000;
          expect(decision.ttlSeconds).toBeGreaterThanOrEqual(1);
          expect(decision.ttlSeconds).toBeLessThanOrEqual(maxTtlSeconds);
          expect(decision.issuedAt * 1000).toBeLessThanOrEqual(now.getTime());
          if (expiresAt) expect(exp).toBeLessThanOrEqual(expiresAt.getTime());
          if (validUntil) expect(exp).toBeLessThanOrEqual(validUntil.getTime());
        },
      ),
    );
  });

  it('a key or secret that ends later than a second from now always exchanges (the lifetime is never cut to nothing)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2_000, max: 86_400_000 }), (inMs) => {
        const decision = decideExchange(facts({ key: key({ expiresAt: new Date(NOW.getTime() + inMs) }) }));
        expect(decision.ok).toBe(true);
      }),
    );
  });

  it('a revoked, expired or expiring-now key never gets a token', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ApiKey['status']>('active', 'revoked', 'expired'),
        end,
        (status, expiresAt) => {
          const decision = decideExchange(facts({ key: key({ status, expiresAt }) }));
          const live =
            status === 'active' && (expiresAt === null || expiresAt.getTime() >= NOW.getTime() + 1_000);
          if (!live) expect(decision.ok).toBe(false);
        },
      ),
    );
    expect(decideExchange(facts({ key: key({ status: 'revoked' }) }))).toEqual({
      ok: false,
      reason: 'key_not_active',
    });
  });

  it('a canary key never gets a token, whatever its state: refused with the unknown key’s answer (ADR 0024)', () => {
    fc.assert(
      fc.property(fc.constantFrom<ApiKey['status']>('active', 'revoked', 'expired'), (status) => {
        expect(decideExchange(facts({ key: key({ status, canary: true }) }))).toEqual({
          ok: false,
          reason: 'canary',
        });
      }),
    );
  });

  it('a secret past its grace end never exchanges, and its key is not even considered', () => {
    expect(
      decideExchange(facts({ secret: { id: 'sec_1', keyId: 'key_1', validUntil: NOW }, key: null })),
    ).toEqual({ ok: false, reason: 'secret_ended' });
  });

  it('refuses a malformed secret or public id, an unknown secret, a missing key and another key’s public id', () => {
    const reason = (over: Partial<ExchangeFacts>) => {
      const decision = decideExchange(facts(over));
      return decision.ok ? 'exchanged' : decision.reason;
    };
    expect(reason({ presented: { secret: `${SECRET.slice(0, -1)}x` } })).toBe('malformed');
    expect(reason({ presented: { secret: SECRET, publicId: 'lk_pub_nope' } })).toBe('malformed');
    expect(reason({ secret: null })).toBe('unknown_secret');
    expect(reason({ key: null })).toBe('unknown_key');
    expect(reason({ key: key({ id: 'key_other' }) })).toBe('unknown_key');
    expect(reason({ presented: { secret: SECRET, publicId: generatePublicId() } })).toBe('other_public_id');
    expect(reason({ key: key({ expiresAt: new Date(NOW.getTime() + 500) }) })).toBe('ends_within_a_second');
  });
});

describe('tokenLifetime', () => {
  it('counts from the token’s iat and stops at the earliest end', () => {
    fc.assert(
      fc.property(fc.array(end, { maxLength: 3 }), fc.integer({ min: 1, max: 86_400 }), (ends, max) => {
        const { issuedAt, ttlSeconds } = tokenLifetime(NOW, max, ends);
        expect(issuedAt).toBe(Math.floor(NOW.getTime() / 1000));
        expect(ttlSeconds).toBeLessThanOrEqual(max);
        for (const e of ends) if (e) expect((issuedAt + ttlSeconds) * 1000).toBeLessThanOrEqual(e.getTime());
      }),
    );
  });
});

describe('what a client presents', () => {
  it('is the bare key, or the pair of public id and secret', () => {
    expect(presentedKeyOf({ api_key: SECRET })).toEqual({ secret: SECRET });
    expect(presentedKeyOf({ public_id: PUBLIC_ID, secret: SECRET })).toEqual({
      secret: SECRET,
      publicId: PUBLIC_ID,
    });
  });

  it('is looked up only when well formed', () => {
    expect(isWellFormed({ secret: SECRET })).toBe(true);
    expect(isWellFormed({ secret: 'lk_live_short' })).toBe(false);
    expect(isWellFormed({ secret: SECRET, publicId: 'nope' })).toBe(false);
  });
});

describe('the refusal of an exchange', () => {
  it('is identical whatever the reason: missing, malformed, unknown, expired and revoked keys look the same', () => {
    const seen = (reason: ExchangeRefusalReason) => {
      const problem = exchangeRefusal(reason);
      return {
        code: problem.code,
        detail: problem.detail,
        extensions: problem.extensions,
        headers: problem.headers,
      };
    };
    fc.assert(
      fc.property(fc.constantFrom(...REASONS), fc.constantFrom(...REASONS), (a, b) => {
        expect(seen(a)).toEqual(seen(b));
      }),
    );
    expect(seen('malformed')).toEqual({
      code: 'invalid_api_key',
      detail: 'the API key is missing, malformed, unknown, expired or revoked',
      extensions: {},
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
  });
});
